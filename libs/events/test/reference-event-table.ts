import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// QT's event table, read from QT's own page rather than from our catalogue, so that specs
// hold the catalogue and the mapper to what QT documents: a key spelled otherwise than on the
// page, or a number sent as a string, is an attribute QT does not recognise, and a spec that
// compares the mapper with the catalogue it reads cannot see that.

/** QT's page on official accounts: ../shared from the repository root, present in every CI run. */
export const REFERENCE_PATH = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'reference',
  'quick-tracking-official-account.txt',
);

/** One attribute row of the table: the key and the type exactly as the page spells them. */
export interface ReferenceAttribute {
  key: string;
  type: 'string' | 'number';
}

/** Each event code of the table with its attributes, in the page's order. */
export type ReferenceEventTable = ReadonlyMap<string, readonly ReferenceAttribute[]>;

// Section 2's heading and the next section's, as whole lines: the page also mentions
// "2 Events and Event Attributes" inside sentences, and a note of PopupScene starts "2 : ".
const SECTION_START = /^2 Events and event attributes$/i;
const SECTION_END = /^3 Event tracking$/i;
const EVENT_CODE = /^\$\$_\w+$/;
const IDENTIFIER = /^[A-Za-z_]\w*$/;
const TYPE_WORD = /^[a-z]+$/;
const TYPES: ReadonlySet<string> = new Set(['string', 'number']);

/** Reads the table from {@link REFERENCE_PATH}. */
export function readReferenceEventTable(path = REFERENCE_PATH): ReferenceEventTable {
  return parseReferenceEventTable(readFileSync(path, 'utf8'));
}

/**
 * Extracts section 2 of the page, a table flattened into one cell per line. Each event is
 * its name (sometimes followed by "(preset)" and "References" lines, the page's badges and
 * links), its code alone on a line, then per attribute: display name, key, type, and notes
 * that may run over several lines. No name or note is a bare lowercase word after a key, so
 * such a line is a type and the line before it the key. Codes and keys are kept as spelled,
 * `$$_send_localtion` included. Throws on anything it cannot place rather than skip it.
 */
export function parseReferenceEventTable(text: string): ReferenceEventTable {
  const lines = sectionLines(text);

  const table = new Map<string, ReferenceAttribute[]>();
  let current: ReferenceAttribute[] | undefined;
  lines.forEach((line, i) => {
    if (EVENT_CODE.test(line)) {
      if (table.has(line)) throw new Error(`event code ${line} appears twice`);
      current = [];
      table.set(line, current);
      return;
    }
    const key = lines[i - 1];
    if (!TYPE_WORD.test(line) || key === undefined || !IDENTIFIER.test(key)) return;
    if (!TYPES.has(line)) throw new Error(`attribute ${key} has unknown type "${line}"`);
    if (current === undefined) throw new Error(`attribute ${key} comes before any event code`);
    if (current.some((a) => a.key === key)) throw new Error(`attribute ${key} appears twice`);
    current.push({ key, type: line as ReferenceAttribute['type'] });
  });
  return table;
}

/** The trimmed, non-blank lines between section 2's heading and section 3's. */
function sectionLines(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const start = lines.findIndex((line) => SECTION_START.test(line));
  const end = lines.findIndex((line, i) => i > start && SECTION_END.test(line));
  if (start < 0 || end < 0) throw new Error('section 2 "Events and event attributes" not found');
  return lines.slice(start + 1, end);
}
