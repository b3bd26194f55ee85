import { buildPushRequest, createPushAccount, dedupeKey, openPush } from '@oa-relay/wechat';
import { buildRawEnvelope, eventIdOf, plainQuery, rawRecordKey } from './raw-envelope';
import { refusalStatus } from './refusal-status';

const settings = {
  appId: 'wx2222222222222222',
  token: 'safe-token',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const xml =
  '<xml><ToUserName>gh</ToUserName><FromUserName>oUser1</FromUserName><CreateTime>1</CreateTime>' +
  '<MsgType>text</MsgType><Content>hi</Content><MsgId>24903327368861869</MsgId></xml>';

describe('buildRawEnvelope', () => {
  const request = buildPushRequest({ ...settings, mode: 'safe', xml });
  const opened = openPush({ account: createPushAccount(settings), ...request });
  if (!opened.ok) throw opened.error;
  const key = dedupeKey(settings.appId, opened);

  it('holds the request as received, the plaintext and the sender', () => {
    const receivedAt = new Date('2026-01-01T00:00:00.000Z');
    const envelope = buildRawEnvelope({
      appId: settings.appId,
      dedupeKey: key,
      receivedAt,
      query: request.query,
      body: request.body,
      opened,
    });

    expect(envelope).toEqual({
      schema: 'wechat.raw.v1',
      eventId: eventIdOf(key),
      receivedAt: '2026-01-01T00:00:00.000Z',
      appId: settings.appId,
      mode: 'safe',
      query: request.query,
      body: request.body,
      xml,
      openId: 'oUser1',
    });
  });

  it("gives WeChat's retries of one push the same event id, and other pushes another", () => {
    expect(eventIdOf(key)).toBe(eventIdOf(`${key}`));
    expect(eventIdOf(key)).not.toBe(eventIdOf(key.replace('oUser1', 'oUser2')));
  });

  it('keys records by account and sender', () => {
    expect(rawRecordKey(settings.appId, 'oUser1')).toBe('wx2222222222222222:oUser1');
  });

  it('copies a null-prototype query into a plain object, repeated names as arrays', () => {
    const query = Object.assign(Object.create(null) as Record<string, unknown>, {
      a: '1',
      b: ['2', '3'],
      c: 4,
    });
    expect(plainQuery(query)).toEqual({ a: '1', b: ['2', '3'] });
  });
});

describe('refusalStatus', () => {
  it.each([
    ['WECHAT_BAD_SIGNATURE', 401],
    ['WECHAT_BAD_MSG_SIGNATURE', 401],
    ['WECHAT_STALE_TIMESTAMP', 401],
    ['WECHAT_ENCRYPTION_REQUIRED', 403],
    ['WECHAT_APPID_MISMATCH', 403],
    ['WECHAT_XML_TOO_LARGE', 413],
    ['WECHAT_BAD_PADDING', 400],
    ['WECHAT_XML_DOCTYPE', 400],
  ] as const)('answers %s with %d', (code, status) => {
    expect(refusalStatus(code)).toBe(status);
  });
});
