import { PermanentError } from '@oa-relay/messaging';
import { readRawPush } from './raw-envelope.reader';

const XML =
  '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName>' +
  '<CreateTime>1767225600</CreateTime><MsgType><![CDATA[text]]></MsgType>' +
  '<Content><![CDATA[hi]]></Content><MsgId>24903327368861869</MsgId></xml>';

const envelope = (patch: Record<string, unknown> = {}) => ({
  schema: 'wechat.raw.v1',
  eventId: 'e1',
  receivedAt: '2026-01-01T00:00:00.000Z',
  appId: 'wx0123456789abcdef',
  mode: 'plaintext',
  query: {},
  body: XML,
  xml: XML,
  openId: 'oUser',
  ...patch,
});

function failureOf(value: unknown): PermanentError {
  try {
    readRawPush(value);
  } catch (error) {
    if (error instanceof PermanentError) return error as PermanentError;
    throw error;
  }
  throw new Error('expected a PermanentError');
}

describe(readRawPush.name, () => {
  it('parses the push and hands the envelope on untouched', () => {
    const value = envelope({ extra: 'kept' });

    const { envelope: read, push } = readRawPush(value);

    expect(read).toBe(value);
    expect(push).toMatchObject({ type: 'text', fromUserName: 'oUser', msgId: '24903327368861869' });
  });

  it('refuses a value that is not a raw envelope, naming the fields', () => {
    const failure = failureOf({ schema: 'wechat.enriched.v1', eventId: 'e1' });

    expect(failure.code).toBe('ENRICHER_BAD_ENVELOPE');
    expect(failure.fields.paths).toEqual(expect.arrayContaining(['schema', 'appId', 'xml']));
  });

  it('keeps the protocol library code for XML that is not a push', () => {
    const failure = failureOf(envelope({ xml: '<xml><oops' }));

    expect(failure.code).toBe('WECHAT_XML_MALFORMED');
    expect(failure.fields).toMatchObject({ eventId: 'e1' });
  });

  it('refuses a push whose sender is not the envelope openId', () => {
    expect(failureOf(envelope({ openId: 'oSomeoneElse' })).code).toBe('ENRICHER_SENDER_MISMATCH');
  });
});
