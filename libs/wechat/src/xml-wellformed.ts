import { WechatError } from './wechat-error';

/** Deepest element nesting accepted; WeChat's pushes nest four levels at most. */
export const MAX_XML_DEPTH = 32;

const START_TAG = /^([A-Za-z_][\w.:-]*)(?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*$/;
const END_TAG = /^([A-Za-z_][\w.:-]*)\s*$/;
const BAD_AMPERSAND = /&(?!(?:#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);)/;
const NON_WHITESPACE = /\S/;

/**
 * One strict pass over the text before fast-xml-parser reads it, which would otherwise accept
 * mismatched tags or a second root: a single root, balanced and well-named tags, no stray `&`,
 * closed CDATA, comments and processing instructions, and no markup declaration at all (a
 * DOCTYPE is refused as such, so that no entity can ever be defined).
 */
export function checkWellFormed(xml: string): WellFormedReport {
  const state: ScanState = { open: [], roots: 0, bareEntities: false };
  let at = 0;
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    const text = xml.slice(at, lt === -1 ? xml.length : lt);
    if (checkText(text, state.open.length > 0)) state.bareEntities = true;
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
    const name = END_TAG.exec(xml.slice(lt + 2, gt))?.[1];
    if (name === undefined || open.pop() !== name) malformed('end-tag');
    return gt + 1;
  }
  const selfClosing = xml.charCodeAt(gt - 1) === 0x2f;
  const name = START_TAG.exec(xml.slice(lt + 1, selfClosing ? gt - 1 : gt))?.[1];
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

/** Checks text outside markup; true when it holds an entity or character reference. */
function checkText(text: string, insideRoot: boolean): boolean {
  if (text.length === 0) return false;
  if (!insideRoot) {
    if (NON_WHITESPACE.test(text)) malformed('text-outside-root');
    return false;
  }
  if (!text.includes('&')) return false;
  if (BAD_AMPERSAND.test(text)) malformed('ampersand');
  return true;
}

function malformed(reason: string): never {
  throw new WechatError('WECHAT_XML_MALFORMED', { reason });
}
