import { cdata, escapeXmlText } from './xml-text';
import type { XmlRecord, XmlValue } from './xml-value';

const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const BARE_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Writes a record back as WeChat writes it: the `<xml>` root, text in CDATA, numbers bare,
 * arrays as repeated elements. The reverse of parseXmlRecord, for the simulator and tests.
 */
export function buildXml(record: XmlRecord, root = 'xml'): string {
  return element(root, record);
}

function element(name: string, value: XmlValue): string {
  if (Array.isArray(value)) return value.map((item) => element(name, item)).join('');
  if (!ELEMENT_NAME.test(name)) throw new RangeError('not a usable XML element name');
  return `<${name}>${content(value)}</${name}>`;
}

function content(value: string | XmlRecord): string {
  if (typeof value === 'string') return BARE_NUMBER.test(value) ? value : cdata(value);
  let out = '';
  for (const [name, child] of Object.entries(value)) {
    out +=
      name === '#text' && typeof child === 'string' ? escapeXmlText(child) : element(name, child);
  }
  return out;
}
