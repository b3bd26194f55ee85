import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WechatError } from './wechat-error';
import { isListChild, listKeyOf, mergeContainers } from './xml-lists';
import { decodeXmlText } from './xml-text';
import type { XmlRecord, XmlValue } from './xml-value';

/** Largest XML accepted by default, in UTF-8 bytes; WeChat's pushes are a few kilobytes. */
export const DEFAULT_MAX_XML_BYTES = 1024 * 1024;

/** Options of {@link parseXmlRecord}. */
export interface ParseXmlOptions {
  /** Size limit in UTF-8 bytes; larger input is refused before any parsing. */
  maxBytes?: number;
}

const CDATA = '#cdata';
const TEXT = '#text';

type Raw = string | RawRecord | Raw[];
interface RawRecord {
  [name: string]: Raw;
}

// Values stay text (no number guessing), CDATA is kept apart so that only bare text is
// entity-decoded, and entities are never processed by the parser itself.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: CDATA,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 32,
});

/**
 * Reads a WeChat XML document into the children of its `<xml>` root: text stays text,
 * empty elements are absent, repeated siblings and known lists are arrays. Refuses a
 * DOCTYPE, oversize or malformed input with a WechatError, never the parser's own error.
 */
export function parseXmlRecord(xml: string, options: ParseXmlOptions = {}): XmlRecord {
  checkSize(xml, options.maxBytes ?? DEFAULT_MAX_XML_BYTES);
  refuseDeclarations(xml);

  let parsed: RawRecord;
  try {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) {
      throw new WechatError('WECHAT_XML_MALFORMED', { line: valid.err.line, col: valid.err.col });
    }
    parsed = parser.parse(xml) as RawRecord;
  } catch (error) {
    if (error instanceof WechatError) throw error;
    throw new WechatError('WECHAT_XML_MALFORMED', {}, { cause: error });
  }

  return readRoot(parsed);
}

function checkSize(xml: string, maxBytes: number): void {
  // A UTF-16 unit is at most 3 UTF-8 bytes: skip the byte count when it cannot matter.
  if (xml.length * 3 <= maxBytes) return;
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > maxBytes) throw new WechatError('WECHAT_XML_TOO_LARGE', { bytes, maxBytes });
}

/** Refuses any markup declaration (DOCTYPE, ENTITY, ...) outside CDATA and comments. */
function refuseDeclarations(xml: string): void {
  let at = xml.indexOf('<!');
  while (at !== -1) {
    let end: number;
    if (xml.startsWith('<![CDATA[', at)) end = xml.indexOf(']]>', at + 9);
    else if (xml.startsWith('<!--', at)) end = xml.indexOf('-->', at + 4);
    else throw new WechatError('WECHAT_XML_DOCTYPE', { offset: at });
    // An unterminated section is left to the validator, which refuses it as malformed.
    if (end === -1) return;
    at = xml.indexOf('<!', end + 3);
  }
}

function readRoot(parsed: RawRecord): XmlRecord {
  const names = Object.keys(parsed);
  if (names.length !== 1 || names[0] !== 'xml') {
    throw new WechatError('WECHAT_XML_MALFORMED', { reason: 'root' });
  }
  const root = readElement('xml', parsed.xml);
  if (root === undefined) return {};
  if (typeof root === 'string' || Array.isArray(root)) {
    throw new WechatError('WECHAT_XML_MALFORMED', { reason: 'root' });
  }
  return root;
}

function readElement(name: string, raw: Raw): XmlValue | undefined {
  if (Array.isArray(raw)) return readSiblings(name, raw);
  if (typeof raw === 'string') return readText(name, decodeXmlText(raw));
  if (isTextOnly(raw)) return readText(name, textOf(raw));

  const record: XmlRecord = {};
  for (const key of Object.keys(raw)) {
    if (key === CDATA || key === TEXT) continue;
    const value = readElement(key, raw[key]);
    if (value === undefined) continue;
    record[key] = isListChild(name, key) && !Array.isArray(value) ? [value] : value;
  }
  const mixed = textOf(raw);
  if (mixed !== '') record[TEXT] = mixed;
  const listKey = listKeyOf(name);
  if (listKey !== undefined) record[listKey] ??= [];
  return Object.keys(record).length > 0 ? record : undefined;
}

function readSiblings(name: string, raws: readonly Raw[]): XmlValue | undefined {
  const values: XmlValue[] = [];
  for (const raw of raws) {
    const value = readElement(name, raw);
    if (value !== undefined) values.push(value);
  }
  if (listKeyOf(name) !== undefined) return mergeContainers(name, values);
  return values.length > 0 ? values : undefined;
}

/** Empty text is an absent element, except for a known list container: an empty list. */
function readText(name: string, text: string): XmlValue | undefined {
  if (text !== '') return text;
  const listKey = listKeyOf(name);
  return listKey === undefined ? undefined : { [listKey]: [] };
}

function isTextOnly(raw: RawRecord): boolean {
  for (const key in raw) if (key !== CDATA && key !== TEXT) return false;
  return true;
}

/** Bare text (entity-decoded) then CDATA (verbatim), as the parser keeps them apart. */
function textOf(raw: RawRecord): string {
  return flatten(raw[TEXT], decodeXmlText) + flatten(raw[CDATA], (s) => s);
}

function flatten(raw: Raw | undefined, read: (text: string) => string): string {
  if (raw === undefined) return '';
  if (typeof raw === 'string') return read(raw);
  if (Array.isArray(raw)) return raw.map((r) => flatten(r, read)).join('');
  return '';
}
