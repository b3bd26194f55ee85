/**
 * The shape `@oa-relay/wechat`'s `parseXmlRecord` gives a push, declared structurally here so
 * that the event catalogue does not depend on the protocol library: element text is a string,
 * repeated siblings and WeChat's lists are arrays, nested elements are records.
 */
export type XmlValue = string | XmlRecord | XmlValue[];

/** The child elements of one XML element, by name. */
export interface XmlRecord {
  [name: string]: XmlValue;
}

/** A path of element names from the push's root; arrays met on the way are walked through. */
export type XmlPath = readonly string[];

/** Every value found at `path`, in document order, lists and repeated elements flattened. */
export function valuesAt(record: XmlRecord, path: XmlPath): XmlValue[] {
  let current: XmlValue[] = [record];
  for (const name of path) {
    const next: XmlValue[] = [];
    for (const value of current.flatMap(flatten)) {
      if (typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, name)) {
        next.push(value[name]);
      }
    }
    current = next;
  }
  return current.flatMap(flatten);
}

/** The text values at `path`, ignoring records found where text was expected. */
export function textsAt(record: XmlRecord, path: XmlPath): string[] {
  return valuesAt(record, path).filter((value): value is string => typeof value === 'string');
}

/** The first text at `path`, or undefined. */
export function textAt(record: XmlRecord, path: XmlPath): string | undefined {
  return textsAt(record, path)[0];
}

function flatten(value: XmlValue): XmlValue[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}
