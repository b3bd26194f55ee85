import { createPushAccount } from './push-account';
import { buildPushRequest, type PushRequestInput } from './push-request.builder';
import { openPush } from './push.opener';
import { parsePush } from './push.parser';
import { loadSamplePushes } from './sample-fixtures';
import { computeSignature } from './signature';
import { WechatCrypto } from './wechat-crypto';

const settings = {
  appId: 'wxb11529c136998cb6',
  token: 'pamtest',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const OTHER_KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';
const account = createPushAccount(settings);
const samples = loadSamplePushes();
const textXml = samples.find((s) => s.name === 'msg-text.xml')!.xml;

function request(
  mode: PushRequestInput['mode'],
  xml = textXml,
  extra: Partial<PushRequestInput> = {},
) {
  return buildPushRequest({
    ...settings,
    mode,
    xml,
    timestamp: '1767225600',
    nonce: '42',
    ...extra,
  });
}

function refusal(query: Record<string, string>, body: string, acc = account): string | undefined {
  const result = openPush({ account: acc, query, body });
  return result.ok ? undefined : result.error.code;
}

describe('openPush', () => {
  describe('round trip of every sample', () => {
    describe.each(samples)('$name', ({ xml }) => {
      const expected = parsePush(xml);

      it.each(['plaintext', 'compatible', 'safe'] as const)('opens it in %s mode', (mode) => {
        const result = openPush({ account, ...request(mode, xml) });

        expect(result).toMatchObject({ ok: true, mode, xml });
        if (result.ok) expect(result.push).toEqual(expected);
      });
    });
  });

  describe('modes', () => {
    it('tells safe mode from compatible mode by the plaintext beside Encrypt', () => {
      const safe = request('safe');
      const compatible = request('compatible');

      expect(safe.body).toMatch(
        /^<xml><ToUserName><!\[CDATA\[gh_5a1e00000001]]><\/ToUserName><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+]]><\/Encrypt><\/xml>$/,
      );
      expect(compatible.body.startsWith(textXml.slice(0, -6))).toBe(true);
      expect(safe.query).toMatchObject({
        encrypt_type: 'aes',
        openid: 'oSAMPLEuser00000000000000001',
      });
    });

    it('treats an Encrypt element as encrypted even without encrypt_type', () => {
      const { query, body } = request('safe');
      const { encrypt_type: _, ...withoutType } = query;
      expect(openPush({ account, query: withoutType, body })).toMatchObject({
        ok: true,
        mode: 'safe',
      });
    });

    it('trusts the decrypted content in compatible mode over the plaintext beside it', () => {
      const { query, body } = request('compatible');
      const tampered = body.replace('你好', 'forged');
      const result = openPush({ account, query, body: tampered });
      expect(result.ok && result.push.fields.Content).toBe('你好，想了解会员权益 🙂');
    });

    it('opens a push sealed with the previous key and reports it', () => {
      const rotated = createPushAccount({
        ...settings,
        encodingAESKey: OTHER_KEY,
        previousEncodingAESKey: settings.encodingAESKey,
      });
      expect(openPush({ account: rotated, ...request('safe') })).toMatchObject({
        ok: true,
        keyUsed: 'previous',
      });
      expect(openPush({ account, ...request('safe') })).toMatchObject({
        ok: true,
        keyUsed: 'current',
      });
    });

    it('takes the first value of a repeated query parameter', () => {
      const { query, body } = request('plaintext');
      expect(openPush({ account, query: { ...query, nonce: [query.nonce, 'x'] }, body }).ok).toBe(
        true,
      );
    });

    it('reproduces the official encrypt vector in a safe-mode request', () => {
      const { query, body } = request('safe', '我是中文abcd123', {
        timestamp: '1409304348',
        nonce: 'xxxxxx',
        random: Buffer.from('aaaabbbbccccdddd'),
      });
      expect(query.msg_signature).toBe('82c962d39941aa48552f90ef55aa323dc620cc10');
      expect(body).toContain(
        'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
      );
    });
  });

  describe('refusals', () => {
    it('refuses a bad signature in every mode', () => {
      for (const mode of ['plaintext', 'compatible', 'safe'] as const) {
        const { query, body } = request(mode);
        expect(refusal({ ...query, signature: '0'.repeat(40) }, body)).toBe('WECHAT_BAD_SIGNATURE');
      }
    });

    it('refuses a request without signature, timestamp or nonce', () => {
      const { query, body } = request('plaintext');
      for (const name of ['signature', 'timestamp', 'nonce']) {
        const { [name]: _, ...rest } = query;
        expect(refusal(rest, body)).toBe('WECHAT_MISSING_PARAMETER');
      }
    });

    it('refuses a bad or missing msg_signature', () => {
      const { query, body } = request('safe');
      expect(refusal({ ...query, msg_signature: '0'.repeat(40) }, body)).toBe(
        'WECHAT_BAD_MSG_SIGNATURE',
      );
      const { msg_signature: _, ...rest } = query;
      expect(refusal(rest, body)).toBe('WECHAT_MISSING_PARAMETER');
    });

    it('refuses a ciphertext that the msg_signature covers but the key cannot open', () => {
      const stranger = new WechatCrypto({ ...settings, encodingAESKey: OTHER_KEY });
      const encrypt = stranger.encrypt(textXml);
      const query = {
        signature: computeSignature(settings.token, '1', '2'),
        timestamp: '1',
        nonce: '2',
        encrypt_type: 'aes',
        msg_signature: computeSignature(settings.token, '1', '2', encrypt),
      };
      const code = refusal(
        query,
        `<xml><ToUserName>gh</ToUserName><Encrypt>${encrypt}</Encrypt></xml>`,
      );
      expect(['WECHAT_BAD_PADDING', 'WECHAT_BAD_LENGTH', 'WECHAT_APPID_MISMATCH']).toContain(code);
    });

    it('refuses a push sealed for another account as WECHAT_APPID_MISMATCH', () => {
      const other = { ...settings, appId: 'wx0000000000000000' };
      const { query, body } = buildPushRequest({ ...other, mode: 'safe', xml: textXml });
      expect(refusal(query, body)).toBe('WECHAT_APPID_MISMATCH');
    });

    it('refuses a plaintext push when the account requires encryption', () => {
      const strict = createPushAccount({ ...settings, requireEncryption: true });
      const { query, body } = request('plaintext');
      expect(refusal(query, body, strict)).toBe('WECHAT_ENCRYPTION_REQUIRED');
      expect(openPush({ account: strict, ...request('safe') }).ok).toBe(true);
    });

    it('refuses an encrypted push for an account without a key', () => {
      const plainOnly = createPushAccount({ appId: settings.appId, token: settings.token });
      const { query, body } = request('safe');
      expect(refusal(query, body, plainOnly)).toBe('WECHAT_ENCRYPTION_NOT_CONFIGURED');
    });

    it('refuses encrypt_type=aes without an Encrypt element', () => {
      const { query, body } = request('plaintext');
      expect(refusal({ ...query, encrypt_type: 'aes' }, body)).toBe('WECHAT_MISSING_ENCRYPT');
    });

    it('refuses an unknown encrypt_type', () => {
      const { query, body } = request('plaintext');
      expect(refusal({ ...query, encrypt_type: 'sm4' }, body)).toBe('WECHAT_BAD_ENCRYPT_TYPE');
    });

    it.each([
      ['not XML', 'hello', 'WECHAT_XML_MALFORMED'],
      ['a DOCTYPE', '<!DOCTYPE xml [<!ENTITY a "b">]><xml><A>&a;</A></xml>', 'WECHAT_XML_DOCTYPE'],
      ['an XML push without its common fields', '<xml><A>1</A></xml>', 'WECHAT_PUSH_INVALID'],
    ])('refuses a signed body that is %s', (_, body, code) => {
      const { query } = request('plaintext');
      expect(refusal(query, body)).toBe(code);
    });

    it('refuses a safe-mode envelope whose decrypted content is not XML', () => {
      const crypto = new WechatCrypto(settings);
      const encrypt = crypto.encrypt('not xml');
      const query = {
        signature: computeSignature(settings.token, '1', '2'),
        timestamp: '1',
        nonce: '2',
        msg_signature: crypto.msgSignature('1', '2', encrypt),
      };
      expect(refusal(query, `<xml><Encrypt>${encrypt}</Encrypt></xml>`)).toBe(
        'WECHAT_XML_MALFORMED',
      );
    });
  });
});
