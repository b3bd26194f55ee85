import { createCipheriv } from 'node:crypto';
import { decodeAesKey } from './aes-key';
import { loadCryptoVectors } from './sample-fixtures';
import { computeSignature, signParts, verifySignature } from './signature';
import { WechatCrypto } from './wechat-crypto';
import { WechatError } from './wechat-error';

const vectors = loadCryptoVectors();
const [sample] = vectors.encrypt;
const account = { appId: sample.appId, token: sample.token, encodingAESKey: sample.encodingAESKey };
const OTHER_KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof WechatError ? error.code : `untyped ${String(error)}`;
  }
  return undefined;
}

/** Encrypts a hand-made plaintext (already padded), to reach checks a valid push never trips. */
function rawEncrypt(encodingAESKey: string, plain: Buffer): string {
  const key = decodeAesKey(encodingAESKey);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function framed(message: string, appId: string, pad: number, lengthField?: number): Buffer {
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(lengthField ?? body.length, 0);
  return Buffer.concat([
    Buffer.alloc(16, 7),
    length,
    body,
    Buffer.from(appId),
    Buffer.alloc(pad, pad),
  ]);
}

describe(WechatCrypto.name, () => {
  describe('signature vectors', () => {
    it.each(vectors.signatures)('computes "$name"', (vector) => {
      const signature = vector.parts
        ? signParts(vector.parts)
        : computeSignature(vector.token!, vector.timestamp!, vector.nonce!);
      expect(signature).toBe(vector.signature);
    });

    it.each(vectors.signatures.filter((v) => v.mustReject))(
      'rejects near misses of "$name"',
      (v) => {
        for (const wrong of v.mustReject!) {
          expect(verifySignature(wrong, v.token!, v.timestamp!, v.nonce!)).toBe(false);
        }
        expect(verifySignature(v.signature, v.token!, v.timestamp!, v.nonce!)).toBe(true);
      },
    );
  });

  describe('encrypt vectors', () => {
    it.each(vectors.encrypt)('reproduces "$name" with its fixed random', (vector) => {
      const crypto = new WechatCrypto(vector);
      const encrypt = crypto.encrypt(vector.plaintext, Buffer.from(vector.random, 'utf8'));

      expect(encrypt).toBe(vector.encrypt);
      expect(crypto.msgSignature(vector.timestamp, vector.nonce, encrypt)).toBe(
        vector.msgSignature,
      );
      expect(crypto.decrypt(vector.encrypt)).toEqual({ xml: vector.plaintext, keyUsed: 'current' });
    });
  });

  describe('decrypt vectors', () => {
    it.each(vectors.decrypt)('opens "$name"', (vector) => {
      const crypto = new WechatCrypto(vector);
      const { xml } = crypto.decrypt(vector.encrypt);

      expect(
        verifySignature(
          vector.msgSignature,
          vector.token,
          vector.timestamp,
          vector.nonce,
          vector.encrypt,
        ),
      ).toBe(true);
      if (vector.plaintext) expect(xml).toBe(vector.plaintext);
      for (const [name, value] of Object.entries(vector.expectFields ?? {})) {
        expect(xml).toContain(
          `<${name}><![CDATA[${value}]]></${name}>`.replace(/<!\[CDATA\[(\d+)\]\]>/, '$1'),
        );
      }
    });

    it.each(vectors.decrypt.filter((v) => v.mustReject))(
      'refuses the must-reject cases of "$name"',
      (vector) => {
        for (const bad of vector.mustReject!) {
          if (bad.msgSignature !== undefined) {
            expect(
              verifySignature(
                bad.msgSignature,
                vector.token,
                vector.timestamp,
                vector.nonce,
                vector.encrypt,
              ),
            ).toBe(false);
          }
          if (bad.appId !== undefined) {
            const crypto = new WechatCrypto({ ...vector, appId: bad.appId });
            expect(codeOf(() => crypto.decrypt(vector.encrypt))).toBe('WECHAT_APPID_MISMATCH');
          }
        }
      },
    );
  });

  describe('key validation', () => {
    it('accepts a key whose last character carries non-zero trailing bits', () => {
      expect(() => new WechatCrypto(account)).not.toThrow();
    });

    it.each([
      ['42 characters', sample.encodingAESKey.slice(0, 42)],
      ['44 characters', `${sample.encodingAESKey}A`],
      ['a character outside base64', `${sample.encodingAESKey.slice(0, 42)}*`],
      ['a padding character inside', `${sample.encodingAESKey.slice(0, 41)}=A`],
    ])('refuses a key of %s without printing it', (_, encodingAESKey) => {
      let error: unknown;
      try {
        new WechatCrypto({ ...account, encodingAESKey });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(WechatError);
      expect((error as WechatError).code).toBe('WECHAT_BAD_AES_KEY');
      const printed = `${(error as Error).message} ${JSON.stringify((error as WechatError).fields)}`;
      expect(printed).not.toContain(encodingAESKey.slice(0, 10));
    });

    it('refuses a bad previous key at construction too', () => {
      const build = () => new WechatCrypto({ ...account, previousEncodingAESKey: 'short' });
      expect(codeOf(build)).toBe('WECHAT_BAD_AES_KEY');
    });

    it.each([
      ['current', { encodingAESKey: `${OTHER_KEY.slice(0, 42)}*` }],
      ['previous', { previousEncodingAESKey: `${OTHER_KEY.slice(0, 42)}*` }],
    ] as const)('names the account and the %s slot of a refused key, not the key', (slot, keys) => {
      let error: unknown;
      try {
        new WechatCrypto({ ...account, ...keys });
      } catch (e) {
        error = e;
      }

      expect(error).toMatchObject({
        code: 'WECHAT_BAD_AES_KEY',
        fields: { appId: account.appId, slot, reason: 'alphabet' },
      });
      const { message, fields } = error as WechatError;
      expect(message).toContain(`the ${slot} key of account ${account.appId}`);
      expect(`${message} ${JSON.stringify(fields)}`).not.toContain(OTHER_KEY.slice(0, 10));
    });
  });

  describe('key rotation', () => {
    it('opens a push sealed with the previous key and says so', () => {
      const old = new WechatCrypto({ ...account, encodingAESKey: OTHER_KEY });
      const rotated = new WechatCrypto({ ...account, previousEncodingAESKey: OTHER_KEY });

      expect(rotated.decrypt(old.encrypt('<xml/>'))).toEqual({
        xml: '<xml/>',
        keyUsed: 'previous',
      });
      expect(rotated.decrypt(rotated.encrypt('<xml/>')).keyUsed).toBe('current');
    });

    it('reports the current key failure when neither key opens the push', () => {
      const stranger = new WechatCrypto({ ...account, encodingAESKey: OTHER_KEY });
      const crypto = new WechatCrypto(account);
      const code = codeOf(() => crypto.decrypt(stranger.encrypt('<xml><a>1</a></xml>')));
      expect(['WECHAT_BAD_PADDING', 'WECHAT_BAD_LENGTH', 'WECHAT_APPID_MISMATCH']).toContain(code);
    });
  });

  describe('refusals', () => {
    const crypto = new WechatCrypto(account);

    it.each([
      ['empty text', ''],
      ['a character outside base64', `${sample.encrypt.slice(0, -3)}*==`],
      ['a length not a multiple of 4', sample.encrypt.slice(1)],
      ['whitespace inside', `${sample.encrypt.slice(0, 8)} ${sample.encrypt.slice(9)}`],
    ])('refuses %s as WECHAT_BAD_BASE64', (_, encrypt) => {
      expect(codeOf(() => crypto.decrypt(encrypt))).toBe('WECHAT_BAD_BASE64');
    });

    it('refuses a ciphertext that is not whole AES blocks', () => {
      expect(codeOf(() => crypto.decrypt(Buffer.alloc(40).toString('base64')))).toBe(
        'WECHAT_BAD_CIPHERTEXT',
      );
      expect(codeOf(() => crypto.decrypt(Buffer.alloc(16).toString('base64')))).toBe(
        'WECHAT_BAD_CIPHERTEXT',
      );
    });

    it.each([
      ['a pad byte of 0', 0],
      ['a pad byte of 33', 33],
    ])('refuses %s as WECHAT_BAD_PADDING', (_, padValue) => {
      const plain = framed('<xml/>', account.appId, 0);
      const padded = Buffer.concat([plain, Buffer.alloc(64 - plain.length, padValue)]);
      expect(codeOf(() => crypto.decrypt(rawEncrypt(account.encodingAESKey, padded)))).toBe(
        'WECHAT_BAD_PADDING',
      );
    });

    it('refuses padding whose bytes are not all equal', () => {
      const plain = framed('<xml/>', account.appId, 0);
      const pad = 64 - plain.length;
      const padding = Buffer.alloc(pad, pad);
      padding[0] = pad - 1;
      const encrypt = rawEncrypt(account.encodingAESKey, Buffer.concat([plain, padding]));
      expect(codeOf(() => crypto.decrypt(encrypt))).toBe('WECHAT_BAD_PADDING');
    });

    it('refuses a length field that runs past the plaintext', () => {
      const plain = framed('<xml/>', account.appId, 0, 1_000_000);
      const pad = 64 - plain.length;
      const encrypt = rawEncrypt(
        account.encodingAESKey,
        Buffer.concat([plain, Buffer.alloc(pad, pad)]),
      );
      expect(codeOf(() => crypto.decrypt(encrypt))).toBe('WECHAT_BAD_LENGTH');
    });

    it('refuses a plaintext shorter than its 20-byte header', () => {
      const encrypt = rawEncrypt(account.encodingAESKey, Buffer.alloc(32, 16));
      expect(codeOf(() => crypto.decrypt(encrypt))).toBe('WECHAT_BAD_LENGTH');
    });

    it('refuses a push sealed for another AppID', () => {
      const other = new WechatCrypto({ ...account, appId: 'wx0000000000000000' });
      expect(codeOf(() => crypto.decrypt(other.encrypt('<xml/>')))).toBe('WECHAT_APPID_MISMATCH');
    });

    it('names no key in the message of a decrypt failure', () => {
      let message = '';
      try {
        crypto.decrypt(Buffer.alloc(64).toString('base64'));
      } catch (error) {
        message = `${(error as Error).message} ${JSON.stringify((error as WechatError).fields)}`;
      }
      expect(message).not.toBe('');
      expect(message).not.toContain(account.encodingAESKey.slice(0, 8));
    });
  });
});
