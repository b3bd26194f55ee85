import fc from 'fast-check';
import { buildPushRequest } from './push-request.builder';
import { createPushAccount } from './push-account';
import { openPush } from './push.opener';
import { WechatCrypto } from './wechat-crypto';
import { WechatError } from './wechat-error';

const account = {
  appId: 'wxb11529c136998cb6',
  token: 'pamtest',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const crypto = new WechatCrypto(account);

/** Strings of 0..3000 UTF-8 bytes mixing 1- to 4-byte characters. */
const messages = fc
  .array(
    fc.oneof(
      fc.constantFrom('a', '<', ']]>', '\n', '&'),
      fc.constantFrom('é', 'ß'),
      fc.constantFrom('中', '文'),
      fc.constantFrom('🙂', '𝄞'),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
    ),
    { maxLength: 1000 },
  )
  .map((parts) => {
    const text = parts.join('');
    return Buffer.byteLength(text) <= 3000
      ? text
      : Buffer.from(text)
          .subarray(0, 3000)
          .toString()
          .replace(/\uFFFD+$/, '');
  });

function padOf(encrypt: string): number {
  const plainLength = 20 + account.appId.length;
  return Buffer.from(encrypt, 'base64').length - plainLength;
}

describe(`${WechatCrypto.name} properties`, () => {
  it('decrypts what it encrypts for messages of every length 0..3000 bytes, every pad 1..32', () => {
    const pads = new Set<number>();
    for (let bytes = 0; bytes <= 3000; bytes++) {
      const message = 'x'.repeat(bytes % 4) + '🙂'.repeat(Math.floor(bytes / 4));
      const encrypt = crypto.encrypt(message);
      pads.add(padOf(encrypt) - Buffer.byteLength(message));
      expect(crypto.decrypt(encrypt).xml).toBe(message);
    }
    expect([...pads].sort((a, b) => a - b)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
  });

  it('decrypts what it encrypts for random UTF-8 text', () => {
    fc.assert(
      fc.property(messages, (message) => {
        expect(crypto.decrypt(crypto.encrypt(message)).xml).toBe(message);
      }),
      { numRuns: 500 },
    );
  });

  it('answers random text given as Encrypt with a WechatError only', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String({ maxLength: 400 })), (text) => {
        expect(() => crypto.decrypt(text)).toThrow(WechatError);
      }),
      { numRuns: 1000 },
    );
  });

  it('answers random bytes given as Encrypt with a WechatError only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64');
        let outcome: unknown;
        try {
          outcome = crypto.decrypt(text);
        } catch (error) {
          outcome = error;
        }
        // A random ciphertext can in principle decrypt to a valid frame; it must then be ours.
        if (outcome instanceof Error) expect(outcome).toBeInstanceOf(WechatError);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses every mutated safe-mode envelope with a typed error, or opens it intact', () => {
    const pushAccount = createPushAccount(account);
    const xml =
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName>' +
      '<CreateTime>1767225600</CreateTime><MsgType><![CDATA[text]]></MsgType>' +
      '<Content><![CDATA[hi]]></Content><MsgId>1</MsgId></xml>';
    const request = buildPushRequest({ ...account, mode: 'safe', xml, timestamp: '1', nonce: '2' });

    fc.assert(
      fc.property(
        fc.nat({ max: request.body.length - 1 }),
        fc.integer({ min: 0, max: 3 }),
        fc.string({ maxLength: 4 }),
        (at, cut, insert) => {
          const body = request.body.slice(0, at) + insert + request.body.slice(at + cut);
          const result = openPush({ account: pushAccount, query: request.query, body });
          if (result.ok) expect(result.push.fields.Content).toBe('hi');
          else expect(result.error).toBeInstanceOf(WechatError);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
