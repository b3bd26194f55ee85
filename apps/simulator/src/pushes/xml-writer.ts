/** A node of a push as WeChat writes it: text in CDATA, numbers bare, children in order. */
export type XmlNode = readonly [name: string, value: XmlContent];

/** An element's content: CDATA text, a bare number, or child elements in order. */
export type XmlContent = string | BareNumber | readonly XmlNode[];

/** Text WeChat writes without CDATA (counts, coordinates, ids of some events). */
export interface BareNumber {
  readonly bare: string;
}

/** Marks a value to be written bare, as WeChat writes numbers. */
export function bare(value: string | number | bigint): BareNumber {
  return { bare: String(value) };
}

/** Writes `<xml>…</xml>` from nodes, keeping their order (WeChat's order, not alphabetical). */
export function writePushXml(nodes: readonly XmlNode[]): string {
  return `<xml>${nodes.map(writeNode).join('')}</xml>`;
}

function writeNode([name, value]: XmlNode): string {
  return `<${name}>${writeContent(value)}</${name}>`;
}

function writeContent(value: XmlContent): string {
  if (typeof value === 'string') return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
  if (isBare(value)) return value.bare;
  return value.map(writeNode).join('');
}

function isBare(value: XmlContent): value is BareNumber {
  return typeof value === 'object' && 'bare' in value;
}
