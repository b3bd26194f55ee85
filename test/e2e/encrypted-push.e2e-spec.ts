import {
  qtExchangeFor,
  qtSign,
  sendSample,
  storedEvents,
  type QtExchange,
  type SentPush,
} from './pipeline-pushes';
import {
  DECRYPTING_ACCOUNT,
  KEYED_ACCOUNT,
  QT,
  startPipeline,
  type PipelineStack,
} from './pipeline-stack';

jest.setTimeout(120_000);

// Base64 of the ciphertext inside CDATA, closing the envelope.
const SEALED = /^<!\[CDATA\[[A-Za-z0-9+/]+=*\]\]><\/Encrypt><\/xml>$/;

// What WeChat puts on an encrypted push's URL; QT's Java demo forwards each of them as it is.
const WECHAT_ENCRYPTED_QUERY = [
  'encrypt_type',
  'msg_signature',
  'nonce',
  'openid',
  'signature',
  'timestamp',
];

/**
 * Expects the request QT's Java demo would send for this push: every WeChat query parameter
 * by name, QT's fields, `weChatOAData` as given, and the sign over all of them.
 */
function expectReferenceRequest(
  exchange: QtExchange,
  expected: { appId: string; appkey: string; query: Record<string, string>; data: string },
): void {
  const { sign, ...signed } = exchange.fields;

  expect(exchange.request.path).toBe('/server/thirdPartyDataSource');
  expect(exchange.request.contentType).toMatch(/^application\/json/);
  expect(signed).toEqual({
    app_id: QT.serviceId,
    appkey: expected.appkey,
    code: expected.appId,
    ts: expect.stringMatching(/^\d{13}$/),
    weChatOAData: expected.data,
    ...expected.query,
  });
  expect(sign).toBe(qtSign(signed, QT.serviceSecret));
}

// The two encrypted modes: what WeChat leaves outside <Encrypt>, and what QT stores of them.
const ENCRYPTED_MODES = [
  {
    mode: 'safe',
    sample: 'event-click.xml',
    envelope: {
      name: 'ciphertext envelope',
      outside: () => '<xml><ToUserName><![CDATA[gh_5a1e00000001]]></ToUserName>',
    },
    stored: {
      as: 'a menu click',
      code: '$$_menu_click',
      attributes: { MsgType: 'event', Event: 'CLICK', EventKey: 'MENU_MEMBER_CARD' },
    },
  },
  {
    mode: 'compatible',
    sample: 'msg-text.xml',
    envelope: {
      name: 'plaintext plus Encrypt',
      outside: (xml: string) => xml.replace(/<\/xml>$/, ''),
    },
    stored: {
      as: 'a received message',
      code: '$$_receive_msg',
      attributes: {
        MsgType: 'text',
        Content: '你好，想了解会员权益 🙂',
        MsgId: '24903327368861869',
      },
    },
  },
] as const;

describe('an encrypted push, end to end through real Kafka and Redis', () => {
  let stack: PipelineStack;

  beforeAll(async () => {
    stack = await startPipeline();
  });

  afterAll(async () => {
    await stack?.close();
  });

  describe.each(ENCRYPTED_MODES)('in $mode mode', ({ mode, sample, envelope, stored }) => {
    let push: SentPush;
    let exchange: QtExchange;

    beforeAll(async () => {
      push = await sendSample(stack, KEYED_ACCOUNT, mode, sample);
      exchange = await qtExchangeFor(stack, push);
    });

    it(`reaches QT as the ${envelope.name} WeChat sent, with all six WeChat parameters`, async () => {
      const [outside, sealed] = push.request.body.split('<Encrypt>');

      expect(push.answer.status).toBe(200);
      expect(await push.answer.text()).toBe('success');
      expect(outside).toBe(envelope.outside(push.xml));
      expect(sealed).toMatch(SEALED);
      expect(Object.keys(push.request.query).sort()).toEqual(WECHAT_ENCRYPTED_QUERY);
      expectReferenceRequest(exchange, {
        ...KEYED_ACCOUNT,
        query: push.request.query,
        data: push.request.body,
      });
    });

    it(`is verified and decrypted by the QT sandbox and stored as ${stored.as}`, async () => {
      const events = await storedEvents(stack, KEYED_ACCOUNT.appId);

      expect(exchange.answer).toEqual({ status: 200, code: 'Httpapi_300_200' });
      expect(events).toContainEqual(
        expect.objectContaining({
          code: stored.code,
          attributes: stored.attributes,
          xml: push.xml,
          encrypted: true,
        }),
      );
    });
  });

  describe('for an account configured to send QT the decrypted XML', () => {
    let push: SentPush;
    let exchange: QtExchange;

    beforeAll(async () => {
      push = await sendSample(stack, DECRYPTING_ACCOUNT, 'safe', 'event-location.xml');
      exchange = await qtExchangeFor(stack, push);
    });

    it('reaches QT as the plaintext XML, without the parameters that describe the ciphertext', () => {
      const { encrypt_type: _type, msg_signature: _signature, ...query } = push.request.query;

      expect(push.answer.status).toBe(200);
      expect(Object.keys(query).sort()).toEqual(['nonce', 'openid', 'signature', 'timestamp']);
      expectReferenceRequest(exchange, { ...DECRYPTING_ACCOUNT, query, data: push.xml });
    });

    it('is accepted by the QT sandbox as plaintext and stored as a location report', async () => {
      const events = await storedEvents(stack, DECRYPTING_ACCOUNT.appId);

      expect(exchange.answer).toEqual({ status: 200, code: 'Httpapi_300_200' });
      expect(events).toEqual([
        expect.objectContaining({
          code: '$$_send_localtion',
          attributes: {
            Event: 'LOCATION',
            Latitude: 31.230416,
            Longitude: 121.473701,
            Precision: 65,
          },
          xml: push.xml,
          encrypted: false,
        }),
      ]);
    });
  });
});
