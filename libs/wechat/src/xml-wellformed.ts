import { WechatError } from './wechat-error';
import { readXmlReference } from './xml-references';

/** Deepest element nesting accepted; WeChat's pushes nest four levels at most. */
export const MAX_XML_DEPTH = 32;

const START_TAG = /^([A-Za-z_][\w.:-]*)(?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*$/;
const END_TAG = /^([A-Za-z_][\w.:-]*)\s*$/;
/** A start tag that is a name alone, matched where it stands (sticky) without cutting it out. */
const BARE_NAME = /[A-Za-z_][\w.:-]*/y;
const NON_WHITESPACE = /\S/;

/**
 * One strict pass over the text before fast-xml-parser reads it, which would otherwise accept
 * mismatched tags or a second root: a single root, balanced and well-named tags, only
 * predefined entities and references to legal characters (in text and attribute values), closed
 * CDATA, comments and processing instructions, and no markup declaration at all (a
 * DOCTYPE is refused as such, so that no entity can ever be defined).
 */
export function checkWellFormed(xml: string): WellFormedReport {
  const state: ScanState = { open: [], roots: 0, bareEntities: false };
  let at = 0;
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    const end = lt === -1 ? xml.length : lt;
    if (end > at && checkText(xml, at, end, state.open.length > 0)) state.bareEntities = true;
    if (lt === -1) break;
    at = readMarkup(xml, lt, state);
    if (state.open.length > MAX_XML_DEPTH) malformed('depth');
  }
  if (state.open.length > 0 || state.roots !== 1) malformed('root');
  return { bareEntities: state.bareEntities };
}

/** What the pass learnt that helps reading: whether bare text holds any entity to decode. */
export interface WellFormedReport {
  bareEntities: boolean;
}

interface ScanState {
  /** Names of the elements open at this point, innermost last. */
  open: string[];
  /** Elements started at the top level: exactly one is a document. */
  roots: number;
  bareEntities: boolean;
}

/** Reads the markup starting at `lt`; returns the index just past it. */
function readMarkup(xml: string, lt: number, state: ScanState): number {
  const { open } = state;
  const next = xml.charCodeAt(lt + 1);
  if (next === 0x21) return readDeclaration(xml, lt, open.length > 0);
  if (next === 0x3f) return closeAfter(xml, lt + 2, '?>');

  const gt = xml.indexOf('>', lt + 1);
  if (gt === -1) malformed('tag');
  if (next === 0x2f) {
    if (!closesInnermost(xml, lt + 2, gt, open)) {
      const name = END_TAG.exec(xml.slice(lt + 2, gt))?.[1];
      if (name === undefined || open[open.length - 1] !== name) malformed('end-tag');
    }
    open.pop();
    return gt + 1;
  }
  const selfClosing = xml.charCodeAt(gt - 1) === 0x2f;
  const name = readStartTag(xml, lt + 1, selfClosing ? gt - 1 : gt);
  if (name === undefined) malformed('start-tag');
  if (open.length === 0) state.roots += 1;
  if (!selfClosing) open.push(name);
  return gt + 1;
}

/** CDATA (inside the root only) and comments pass; any other `<!` is a declaration. */
function readDeclaration(xml: string, lt: number, insideRoot: boolean): number {
  if (xml.startsWith('<![CDATA[', lt)) {
    if (!insideRoot) malformed('cdata');
    return closeAfter(xml, lt + 9, ']]>');
  }
  if (xml.startsWith('<!--', lt)) return closeAfter(xml, lt + 4, '-->');
  throw new WechatError('WECHAT_XML_DOCTYPE', { offset: lt });
}

function closeAfter(xml: string, from: number, terminator: string): number {
  const end = xml.indexOf(terminator, from);
  if (end === -1) malformed('unterminated');
  return end + terminator.length;
}

/**
 * The common end tag, `</name>` of the innermost open element with nothing else, checked in
 * place; anything else (whitespace before `>`, a mismatch) goes through END_TAG.
 */
function closesInnermost(xml: string, from: number, gt: number, open: readonly string[]): boolean {
  const name = open[open.length - 1];
  return name !== undefined && gt - from === name.length && xml.startsWith(name, from);
}

/**
 * The element name of the start tag between `from` and `to`. A bare name is matched in place;
 * only a tag with attributes or whitespace is cut out for START_TAG, and its references checked.
 */
function readStartTag(xml: string, from: number, to: number): string | undefined {
  BARE_NAME.lastIndex = from;
  if (BARE_NAME.test(xml) && BARE_NAME.lastIndex === to) return xml.slice(from, to);
  const name = START_TAG.exec(xml.slice(from, to))?.[1];
  // Attribute values are never read, yet a bad reference in one makes the document malformed.
  if (name !== undefined) checkReferences(xml, from, to);
  return name;
}

/** Checks the text between `from` and `to`; true when it holds an entity or reference. */
function checkText(xml: string, from: number, to: number, insideRoot: boolean): boolean {
  if (!insideRoot) {
    if (NON_WHITESPACE.test(xml.slice(from, to))) malformed('text-outside-root');
    return false;
  }
  return checkReferences(xml, from, to);
}

/** Checks every reference between `from` and `to`; true when there is one. */
function checkReferences(xml: string, from: number, to: number): boolean {
  let amp = xml.indexOf('&', from);
  if (amp === -1 || amp >= to) return false;
  // A reference cannot run past `<` or a quote, so none read here crosses `to`.
  while (amp !== -1 && amp < to) amp = xml.indexOf('&', readXmlReference(xml, amp).end);
  return true;
}

function malformed(reason: string): never {
  throw new WechatError('WECHAT_XML_MALFORMED', { reason });
}
