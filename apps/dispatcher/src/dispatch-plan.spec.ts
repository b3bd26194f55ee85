import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAccounts, type AccountConfig } from '@oa-relay/config';
import { QT_ATTRIBUTE_SPECS, isQtEventCode } from '@oa-relay/events';
import { buildQtRequest, signQtRequest, type FastjsonMap } from '@oa-relay/qt';
import { enrichedEnvelope } from '../test/enriched-envelope.fixture';
import { planDispatch } from './dispatch-plan';
import { isEnvelopeProblem, readEnrichedEnvelope } from './enriched-envelope.reader';

const root = join(__dirname, '..', '..', '..');
const samplesDir = join(root, '..', 'shared', 'samples');
const expected = JSON.parse(
  readFileSync(join(samplesDir, 'expected-codes.json'), 'utf8'),
) as Record<string, string>;
const samples = Object.entries(expected).filter(([name]) => name.endsWith('.xml'));
const server = { serviceId: 'service-id', serviceSecret: 'service-secret' };
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

function account(qt: Record<string, string> = {}): AccountConfig {
  const [parsed] = parseAccounts(
    {
      accounts: [
        {
          appId: 'wx5a1e0000000000a1',
          name: 'a',
          token: 't',
          encodingAESKey: AES_KEY,
          qt: { appkey: 'ak', ...qt },
        },
      ],
    },
    {},
  );
  return parsed;
}

function plan(
  xml: string,
  qt: Record<string, string> = {},
  mode: 'plaintext' | 'safe' = 'plaintext',
) {
  const envelope = enrichedEnvelope({
    appId: 'wx5a1e0000000000a1',
    token: 't',
    xml,
    mode,
    encodingAESKey: AES_KEY,
  });
  const read = readEnrichedEnvelope(JSON.parse(JSON.stringify(envelope)));
  if (isEnvelopeProblem(read)) throw new Error(read.paths.join());
  return { envelope, plan: planDispatch(read.envelope, read.fields, account(qt), server) };
}

const sample = (name: string) => readFileSync(join(samplesDir, name), 'utf8').trim();

describe('planDispatch', () => {
  describe('event mapping', () => {
    it('covers all 29 shared samples', () => {
      expect(samples).toHaveLength(29);
    });

    it.each(samples)('maps %s to %s with the attribute types of the table', (name, code) => {
      const { envelope, plan: result } = plan(sample(name));
      const event = result.analytics!;

      expect(event.code).toBe(code);
      expect(isQtEventCode(event.code)).toBe(true);
      for (const [key, value] of Object.entries(event.attributes)) {
        const spec = QT_ATTRIBUTE_SPECS[code as keyof typeof QT_ATTRIBUTE_SPECS].find(
          (s) => s.key === key,
        );
        const type = spec?.type === 'number' ? 'number' : 'string';
        expect([key, typeof value]).toEqual([key, type]);
      }
      expect(event).toMatchObject({
        schema: 'analytics.events.v1',
        eventId: envelope.eventId,
        appId: 'wx5a1e0000000000a1',
        platform: 'wx5a1e0000000000a1@wechatoa',
        distinctId: envelope.identity.distinctId,
        identitySource: 'openid',
      });
      expect(Number.isInteger(event.time) && event.time > 1e12).toBe(true);
      expect(result.unmappedLabel).toBeUndefined();
    });
  });

  describe('pushes outside the table', () => {
    const kfXml =
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName>' +
      '<CreateTime>1767225600</CreateTime><MsgType><![CDATA[event]]></MsgType>' +
      '<Event><![CDATA[kf_create_session]]></Event><KfAccount><![CDATA[k@x]]></KfAccount></xml>';

    it('sends nothing by default and labels the push with a bounded name', () => {
      const { plan: result } = plan(kfXml);

      expect(result).toEqual({ unmappedLabel: 'event:kf_create_session' });
    });

    it('forwards it as $$_unmapped when the account asks for everything', () => {
      const { plan: result } = plan(kfXml, { forward: 'all' });

      expect(result.analytics?.code).toBe('$$_unmapped');
      expect(result.qt?.weChatOAData).toBe(kfXml);
      expect(result.unmappedLabel).toBe('event:kf_create_session');
    });
  });

  describe('the QT request', () => {
    it('carries the body as WeChat sent it and every query parameter of the push', () => {
      const { envelope, plan: result } = plan(sample('pushes/msg-text.xml'), {}, 'safe');
      const request = buildQtRequest({ ...result.qt!, ts: 1767225601123 });

      expect(request.fields).toMatchObject({
        app_id: 'service-id',
        appkey: 'ak',
        code: 'wx5a1e0000000000a1',
        ts: '1767225601123',
        weChatOAData: envelope.raw.body,
        ...envelope.raw.query,
      });
      expect(request.fields.weChatOAData).toContain('<Encrypt>');
      const { sign, ...signed } = request.fields;
      expect(signQtRequest(signed as FastjsonMap, 'service-secret')).toBe(sign);
    });

    it('sends the decrypted XML without the ciphertext parameters when the account asks for it', () => {
      const { envelope, plan: result } = plan(
        sample('pushes/msg-text.xml'),
        { weChatOAData: 'decrypted' },
        'safe',
      );

      expect(result.qt?.weChatOAData).toBe(envelope.raw.xml);
      expect(Object.keys(result.qt!.query!).sort()).toEqual([
        'nonce',
        'openid',
        'signature',
        'timestamp',
      ]);
    });
  });
});

describe('readEnrichedEnvelope', () => {
  it('names the missing paths of a value that is not an enriched envelope', () => {
    const result = readEnrichedEnvelope({
      schema: 'wechat.enriched.v1',
      eventId: 'e',
      appId: 'wx',
    });

    expect(isEnvelopeProblem(result) && result.paths).toEqual(['raw', 'push', 'identity']);
  });

  it('parses raw.xml again when push.fields is missing', () => {
    const envelope = enrichedEnvelope({
      appId: 'wx5a1e0000000000a1',
      token: 't',
      xml: sample('pushes/event-click.xml'),
    });
    const result = readEnrichedEnvelope({ ...envelope, push: {} });

    expect(!isEnvelopeProblem(result) && result.fields.Event).toBe('CLICK');
  });
});
