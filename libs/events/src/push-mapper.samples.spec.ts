import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseXmlRecord } from '@oa-relay/wechat';
import { mapPushToQtEvent } from './push-mapper';
import { QT_ATTRIBUTE_SPECS } from './qt-attribute-specs';

// The shared samples: ../shared from the repository root, as every CI run has them.
const samplesDir = join(__dirname, '..', '..', '..', '..', 'shared', 'samples');
const expected = JSON.parse(
  readFileSync(join(samplesDir, 'expected-codes.json'), 'utf8'),
) as Record<string, string>;
const samples = Object.entries(expected).filter(([name]) => name.endsWith('.xml'));

function mapSample(name: string) {
  return mapPushToQtEvent(parseXmlRecord(readFileSync(join(samplesDir, name), 'utf8')));
}

describe('mapPushToQtEvent on the shared samples', () => {
  it('has all 29 samples', () => {
    expect(samples).toHaveLength(29);
  });

  it.each(samples)('maps %s to %s with the types of the table', (name, code) => {
    const mapped = mapSample(name);

    expect(mapped?.code).toBe(code);
    const specs = QT_ATTRIBUTE_SPECS[mapped!.code];
    for (const [key, value] of Object.entries(mapped!.attributes)) {
      const spec = specs.find((s) => s.key === key);
      const type = spec?.type === 'number' ? 'number' : 'string';
      expect([key, typeof value]).toEqual([key, type]);
    }
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
