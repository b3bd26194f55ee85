import { WechatError } from './wechat-error';

/** The five entities XML predefines; without a DTD, which is refused, no other can exist. */
const PREDEFINED: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** An entity reference or a character reference, matched where it stands (sticky). */
const REFERENCE = /&(?:([A-Za-z_][\w.-]*)|#x([0-9a-fA-F]+)|#([0-9]+));/y;

/** A reference read from text: what it stands for, and the index just past its `;`. */
export interface XmlReference {
  value: string;
  end: number;
}

/**
 * Reads the reference starting at the `&` at `amp`. XML 1.0 makes a document with a bare `&`,
 * an undeclared entity (WFC: Entity Declared) or a reference to a character outside Char
 * (WFC: Legal Character: NUL, most C0 controls, surrogates, U+FFFE/U+FFFF, past U+10FFFF) not
 * well-formed; passing such text on as literal would accept what no XML parser may.
 */
export function readXmlReference(text: string, amp: number): XmlReference {
  REFERENCE.lastIndex = amp;
  const match = REFERENCE.exec(text);
  if (match === null) throw malformed('ampersand');
  const [, name, hex, decimal] = match;
  const end = REFERENCE.lastIndex;

  if (name !== undefined) {
    const value = PREDEFINED[name];
    if (value === undefined) throw malformed('undeclared-entity');
    return { value, end };
  }
  const code = hex !== undefined ? parseInt(hex, 16) : parseInt(decimal, 10);
  if (!isXmlChar(code)) throw malformed('character-reference');
  return { value: String.fromCodePoint(code), end };
}

/** XML 1.0's Char production: the characters a document may hold, literally or by reference. */
function isXmlChar(code: number): boolean {
  if (code < 0x20) return code === 0x9 || code === 0xa || code === 0xd;
  if (code <= 0xd7ff) return true;
  if (code < 0xe000) return false;
  if (code <= 0xfffd) return true;
  return code >= 0x10000 && code <= 0x10ffff;
}

// Context is the reason only: the offending text is part of a message body.
function malformed(reason: string): WechatError {
  return new WechatError('WECHAT_XML_MALFORMED', { reason });
}
