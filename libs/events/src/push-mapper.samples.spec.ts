import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseXmlRecord } from '@oa-relay/wechat';
import { readReferenceEventTable } from '../test/reference-event-table';
import { mapPushToQtEvent } from './push-mapper';
import type { XmlValue } from './xml-record';

// The shared samples: ../shared from the repository root, as every CI run has them.
const samplesDir = join(__dirname, '..', '..', '..', '..', 'shared', 'samples');
const expected = JSON.parse(
  readFileSync(join(samplesDir, 'expected-codes.json'), 'utf8'),
) as Record<string, string>;
const samples = Object.entries(expected).filter(([name]) => name.endsWith('.xml'));

// Types and keys come from QT's page, not from the catalogue the mapper reads, so that a key
// the catalogue misspells shows up here as an attribute missing from the mapped event.
const table = readReferenceEventTable();

// WeChat's element where its name differs from QT's key; every other key is WeChat's name.
const WECHAT_ELEMENT: Readonly<Record<string, string>> = {
  MenuID: 'MenuId',
  article_URL: 'article_url',
};
// Attributes QT derives from the push rather than copies: every push of their code has them.
const DERIVED: ReadonlySet<string> = new Set(['is_scan']);

function parseSample(name: string) {
  return parseXmlRecord(readFileSync(join(samplesDir, name), 'utf8'));
}

function mapSample(name: string) {
  return mapPushToQtEvent(parseSample(name));
}

/** True when an element called `name` occurs anywhere below `value` (empty ones are absent). */
function hasElement(value: XmlValue, name: string): boolean {
  if (typeof value === 'string') return false;
  if (Array.isArray(value)) return value.some((item) => hasElement(item, name));
  return Object.entries(value).some(([child, item]) => child === name || hasElement(item, name));
}

describe('mapPushToQtEvent on the shared samples', () => {
  it('has all 29 samples', () => {
    expect(samples).toHaveLength(29);
  });

  it.each(samples)('maps %s to %s with keys and types of the table only', (name, code) => {
    const mapped = mapSample(name);
    const documented = new Map((table.get(code) ?? []).map((a) => [a.key, a.type]));
    const actual = Object.entries(mapped?.attributes ?? {}).map(([key, value]) => [
      key,
      typeof value,
    ]);

    expect(mapped?.code).toBe(code);
    expect(actual).toEqual(actual.map(([key]) => [key, documented.get(key) ?? 'not in the table']));
  });

  it.each(samples)('maps every attribute of the table that %s carries', (name, code) => {
    const fields = parseSample(name);
    const carried = (table.get(code) ?? []).filter(
      (a) => DERIVED.has(a.key) || hasElement(fields, WECHAT_ELEMENT[a.key] ?? a.key),
    );
    const attributes = mapPushToQtEvent(fields)?.attributes ?? {};

    expect(carried.length).toBeGreaterThan(0);
    expect(carried.map((a) => [a.key, typeof attributes[a.key]])).toEqual(
      carried.map((a) => [a.key, a.type]),
    );
  });

  it('reads the mass-send copyright results and article URLs', () => {
    expect(mapSample('pushes/event-mass-send-finish.xml')?.attributes).toEqual({
      MsgType: 'event',
      Event: 'MASSSENDJOBFINISH',
      MsgID: '1000001625',
      Status: 'send success',
      TotalCount: 1200,
      FilterCount: 1180,
      SentCount: 1175,
      ErrorCount: 5,
      ArticleIdx: '1',
      UserDeclareState: '0',
      AuditState: '2',
      OriginalArticleUrl: 'Url_1',
      OriginalArticleType: '1',
      CanReprint: '1',
      NeedReplaceContent: '1',
      NeedShowReprintSource: '1',
      CheckState: '2',
      ArticleUrl: 'https://mp.example.invalid/s/article1',
    });
  });

  it('reads a menu scan with its nested scan info', () => {
    expect(mapSample('pushes/event-scancode-push.xml')?.attributes).toMatchObject({
      EventKey: 'MENU_SCAN_PUSH',
      ScanType: 'qrcode',
      ScanResult: 'https://shop.example.invalid/coupon/88',
    });
  });

  it('reads a received text with Chinese and emoji unchanged', () => {
    expect(mapSample('pushes/msg-text.xml')?.attributes).toEqual({
      MsgType: 'text',
      Content: '你好，想了解会员权益 🙂',
      MsgId: '24903327368861869',
    });
  });

  it('reads the published article', () => {
    expect(mapSample('pushes/event-publish-job-finish.xml')?.attributes).toEqual({
      publish_id: '2247503051',
      publish_status: '0',
      article_id: 'b5O2OUs25HBxRceL7hfReg-U9QGeq9zQjiDvy',
      count: 1,
      idx: '1',
      article_URL: 'https://mp.example.invalid/s/published1',
    });
  });
});
