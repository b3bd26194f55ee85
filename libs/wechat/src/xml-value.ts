/** A value read from WeChat's XML: text, a record of child elements, or repeated elements. */
export type XmlValue = string | XmlRecord | XmlValue[];

/** The child elements of one XML element, by name; absent when the element was empty. */
export interface XmlRecord {
  [name: string]: XmlValue;
}

/** True for a record (not text, not a list). */
export function isXmlRecord(value: XmlValue | undefined): value is XmlRecord {
  return typeof value === 'object' && !Array.isArray(value);
}
