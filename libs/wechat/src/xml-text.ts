import { readXmlReference } from './xml-references';

/**
 * Resolves XML's five predefined entities and character references in bare text. Nothing
 * else is expanded: declarations are refused before parsing, so no entity can be defined, and
 * an undeclared entity or a reference to a character XML forbids is WECHAT_XML_MALFORMED.
 */
export function decodeXmlText(text: string): string {
  let amp = text.indexOf('&');
  if (amp === -1) return text;

  let decoded = '';
  let at = 0;
  while (amp !== -1) {
    const { value, end } = readXmlReference(text, amp);
    decoded += text.slice(at, amp) + value;
    at = end;
    amp = text.indexOf('&', at);
  }
  return decoded + text.slice(at);
}

/** Escapes text for an XML element's bare content. */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Wraps text in CDATA, splitting any `]]>` so that it cannot close the section early. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
