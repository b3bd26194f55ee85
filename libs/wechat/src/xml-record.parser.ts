import { XMLParser, type EntityDecoderOptions } from 'fast-xml-parser';
import { WechatError } from './wechat-error';
import { isListChild, listKeyOf, mergeContainers } from './xml-lists';
import { decodeXmlText } from './xml-text';
import { checkWellFormed } from './xml-wellformed';
import type { XmlRecord } from './xml-value';

/** Largest XML accepted by default, in UTF-8 bytes; WeChat's pushes are a few kilobytes. */
export const DEFAULT_MAX_XML_BYTES = 1024 * 1024;

/** Options of {@link parseXmlRecord}. */
export interface ParseXmlOptions {
  /** Size limit in UTF-8 bytes; larger input is refused before any parsing. */
  maxBytes?: number;
}

const CDATA = '#cdata';
const TEXT = '#text';

/** One node of fast-xml-parser's ordered output: `{ tag: children }`, text or CDATA. */
type RawNode = Record<string, RawNode[] | string>;

/**
 * Stands in for the parser's own entity decoder, which it would otherwise build for every
 * document although `processEntities: false` never calls it: text passes through unchanged.
 */
const PASS_THROUGH_ENTITIES: EntityDecoderOptions = {
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  decode: (text) => text,
  setXmlVersion: () => undefined,
};

// Values stay text (no number guessing) and entities are never processed by the parser
// itself. The ordered output is the parser's fastest mode and keeps text in document order.
const options = {
  entityDecoder: PASS_THROUGH_ENTITIES,
  preserveOrder: true,
  jPath: false,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 32,
};
/** For text with no entity outside CDATA (nearly every push): nothing to decode anywhere. */
const plainParser = new XMLParser(options);
/** Keeps CDATA apart so that only bare text is entity-decoded. */
const entityParser = new XMLParser({ ...options, cdataPropName: CDATA });

/**
 * Reads a WeChat XML document into the children of its `<xml>` root: text stays text,
 * empty elements are absent, repeated siblings and known lists are arrays. Refuses a
 * DOCTYPE, oversize or malformed input with a WechatError, never the parser's own error.
 */
export function parseXmlRecord(xml: string, options: ParseXmlOptions = {}): XmlRecord {
  checkXmlSize(xml, options.maxBytes);
  const { bareEntities } = checkWellFormed(xml);

  let parsed: RawNode[];
  try {
    parsed = (bareEntities ? entityParser : plainParser).parse(xml) as RawNode[];
  } catch (error) {
    if (error instanceof WechatError) throw error;
    throw new WechatError('WECHAT_XML_MALFORMED', {}, { cause: error });
  }

  return readRoot(parsed, bareEntities);
}

/** Refuses text over `maxBytes` UTF-8 bytes with WECHAT_XML_TOO_LARGE. */
export function checkXmlSize(xml: string, maxBytes = DEFAULT_MAX_XML_BYTES): void {
  // A UTF-16 unit is at most 3 UTF-8 bytes: skip the byte count when it cannot matter.
  if (xml.length * 3 <= maxBytes) return;
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > maxBytes) throw new WechatError('WECHAT_XML_TOO_LARGE', { bytes, maxBytes });
}

function readRoot(parsed: RawNode[], decode: boolean): XmlRecord {
  const [root, ...rest] = parsed;
  if (root === undefined || rest.length > 0 || !Array.isArray(root.xml)) {
    throw new WechatError('WECHAT_XML_MALFORMED', { reason: 'root' });
  }
  const record = readElement('xml', root.xml, decode);
  if (typeof record === 'string') throw new WechatError('WECHAT_XML_MALFORMED', { reason: 'root' });
  return record ?? {};
}

/**
 * Reads one element's ordered children: text when it has no child elements (empty text is
 * absent), a record otherwise; a known list container is always a record with its list.
 */
function readElement(
  name: string,
  nodes: readonly RawNode[],
  decode: boolean,
): XmlRecord | string | undefined {
  let text = '';
  let record: XmlRecord | undefined;
  for (const node of nodes) {
    for (const key in node) {
      const value = node[key];
      if (key === TEXT) text += decode ? decodeXmlText(value as string) : (value as string);
      else if (key === CDATA) text += cdataText(value as RawNode[]);
      else record = addChild(record, name, key, readElement(key, value as RawNode[], decode));
    }
  }

  const listKey = listKeyOf(name);
  if (record === undefined) {
    if (text !== '') return text;
    return listKey === undefined ? undefined : { [listKey]: [] };
  }
  if (text !== '') record[TEXT] = text;
  if (listKey !== undefined) record[listKey] ??= [];
  return record;
}

/** Adds a child: repeated names become arrays, lists always are, containers merge. */
function addChild(
  record: XmlRecord | undefined,
  parent: string,
  name: string,
  value: XmlRecord | string | undefined,
): XmlRecord | undefined {
  if (value === undefined) return record;
  const target = record ?? {};
  const existing = target[name];
  if (existing !== undefined && listKeyOf(name) !== undefined) {
    target[name] = mergeContainers(name, [existing, value]);
  } else if (existing === undefined) {
    target[name] = isListChild(parent, name) ? [value] : value;
  } else if (Array.isArray(existing)) {
    existing.push(value);
  } else {
    target[name] = [existing, value];
  }
  return target;
}

function cdataText(nodes: readonly RawNode[]): string {
  let text = '';
  for (const node of nodes) if (typeof node[TEXT] === 'string') text += node[TEXT];
  return text;
}
