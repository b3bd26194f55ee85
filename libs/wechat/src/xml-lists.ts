import type { XmlRecord, XmlValue } from './xml-value';

/**
 * WeChat's lists: a child name that is always an array under its container, whatever the
 * number of children. Without this, one `<item>` would read as a record and two as an array.
 */
const LIST_CONTAINERS: Readonly<Record<string, string>> = {
  PicList: 'item',
  ResultList: 'item',
  article_detail: 'item',
  SubscribeMsgPopupEvent: 'List',
  SubscribeMsgChangeEvent: 'List',
  SubscribeMsgSentEvent: 'List',
};

/** Children that are lists wherever they appear, with no container of their own. */
const BARE_LISTS: ReadonlySet<string> = new Set(['fail_idx']);

/** The list child of a known container element, if `name` is one. */
export function listKeyOf(name: string): string | undefined {
  return Object.hasOwn(LIST_CONTAINERS, name) ? LIST_CONTAINERS[name] : undefined;
}

/** True when `child` under `parent` must be read as an array. */
export function isListChild(parent: string, child: string): boolean {
  return BARE_LISTS.has(child) || listKeyOf(parent) === child;
}

/**
 * Reads a known container: repeated sibling containers are merged into one, and an empty
 * container is an empty list rather than an absent element.
 */
export function mergeContainers(name: string, values: readonly XmlValue[]): XmlRecord {
  const listKey = listKeyOf(name) as string;
  const merged: XmlRecord = { [listKey]: [] };
  for (const value of values) {
    if (typeof value !== 'object' || Array.isArray(value)) continue;
    for (const [key, child] of Object.entries(value)) {
      if (key === listKey) (merged[listKey] as XmlValue[]).push(...asArray(child));
      else merged[key] ??= child;
    }
  }
  return merged;
}

function asArray(value: XmlValue): XmlValue[] {
  return Array.isArray(value) ? value : [value];
}
