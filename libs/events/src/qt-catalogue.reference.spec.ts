import {
  parseReferenceEventTable,
  readReferenceEventTable,
  type ReferenceAttribute,
} from '../test/reference-event-table';
import { QT_ATTRIBUTE_SPECS, type AttributeSpec } from './qt-attribute-specs';
import { QT_EVENT_CODES, isQtEventCode } from './qt-event-codes';

// The type QT's table gives each way of reading an attribute: lists and nested elements
// travel as text.
const TABLE_TYPE: Readonly<Record<AttributeSpec['type'], ReferenceAttribute['type']>> = {
  string: 'string',
  number: 'number',
  list: 'string',
  json: 'string',
};

const table = readReferenceEventTable();

function byKey(attributes: readonly ReferenceAttribute[]): ReferenceAttribute[] {
  return [...attributes].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function catalogueAttributes(code: string): ReferenceAttribute[] {
  const specs = isQtEventCode(code) ? QT_ATTRIBUTE_SPECS[code] : [];
  return specs.map((spec) => ({ key: spec.key, type: TABLE_TYPE[spec.type] }));
}

describe("QT_ATTRIBUTE_SPECS against QT's event table", () => {
  it('has exactly the event codes of the table', () => {
    const codes = [...table.keys()].sort();

    expect(Object.keys(QT_ATTRIBUTE_SPECS).sort()).toEqual(codes);
    expect([...QT_EVENT_CODES].sort()).toEqual(codes);
  });

  it.each([...table.keys()])('gives %s the keys and types of the table', (code) => {
    expect(byKey(catalogueAttributes(code))).toEqual(byKey(table.get(code) ?? []));
  });
});

describe(parseReferenceEventTable.name, () => {
  const page = (rows: string) =>
    `Intro\n\nsee 2 Events and Event Attributes.\n\n2 Events and event attributes\n\n${rows}` +
    '\n\n3 Event tracking\n\nlater\n\nstring\n';

  it("keeps the page's own spellings of codes and keys", () => {
    expect(table.get('$$_send_localtion')?.map((a) => a.key)).toEqual([
      'Event',
      'Latitude',
      'Longitude',
      'Precision',
    ]);
    expect(table.get('$$_menu_click')).toContainEqual({ key: 'MenuID', type: 'string' });
    expect(table.get('$$_publish_job_finish')).toContainEqual({
      key: 'article_URL',
      type: 'string',
    });
  });

  it('reads rows after badge lines and notes that run over several lines', () => {
    const rows = [
      'Action scenario (preset)\n\nReferences\n\n$$_demo',
      'Scene\n\nPopupScene\n\nstring\n\n1 : from H5\n\n2 : from an article',
      'Precision\n\nScale\n\nnumber\n\nZoom',
    ].join('\n\n');

    expect(parseReferenceEventTable(page(rows))).toEqual(
      new Map([
        [
          '$$_demo',
          [
            { key: 'PopupScene', type: 'string' },
            { key: 'Scale', type: 'number' },
          ],
        ],
      ]),
    );
  });

  it('refuses an attribute whose type it does not know rather than skip it', () => {
    const rows = '$$_demo\n\nFirst visit\n\nis_new\n\nboolean\n\nWhether new';

    expect(() => parseReferenceEventTable(page(rows))).toThrow(
      'attribute is_new has unknown type "boolean"',
    );
  });

  it('refuses a page without the section', () => {
    expect(() => parseReferenceEventTable('Intro\n\n3 Event tracking\n')).toThrow(
      'section 2 "Events and event attributes" not found',
    );
  });
});
