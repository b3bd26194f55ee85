import { createCipheriv, createDecipheriv } from 'node:crypto';
import fc from 'fast-check';
import { decodeAesKey } from './aes-key';
import { createPushAccount } from './push-account';
import { openPush, type OpenedPush, type RefusedPush } from './push.opener';
import { computeSignature } from './signature';
import { WechatCrypto } from './wechat-crypto';
import { WechatError, type WechatErrorCode } from './wechat-error';

const settings = {
  appId: 'wxb11529c136998cb6',
  token: 'pamtest',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const OTHER_APP_ID = 'wx0123456789abcdef';
const account = createPushAccount(settings);
const key = decodeAesKey(settings.encodingAESKey);
const iv = key.subarray(0, 16);
const TIMESTAMP = '1767225600';
const NONCE = '42';
const PUSH_XML =
  '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName>' +
  '<CreateTime>1767225600</CreateTime><MsgType><![CDATA[text]]></MsgType>' +
  '<Content><![CDATA[hi]]></Content><MsgId>1</MsgId></xml>';
const VALID_ENCRYPT = new WechatCrypto(settings).encrypt(PUSH_XML, Buffer.alloc(16, 7));
/** Refusals of a frame that is valid but whose message is not a valid push. */
const PUSH_CODES: readonly WechatErrorCode[] = [
  'WECHAT_XML_MALFORMED',
  'WECHAT_XML_DOCTYPE',
  'WECHAT_PUSH_INVALID',
];

/** The parts of a plaintext frame: 16 random bytes, length, message, AppID, padding. */
interface Frame {
  random?: Buffer;
  message?: Buffer;
  declaredLength?: number;
  appId?: string;
  pad?: { value: number; count: number };
}

/** A frame as bytes; without `pad`, PKCS#7 to 32-byte blocks as WeChat pads. */
function frameBytes({ random, message, declaredLength, appId, pad }: Frame): Buffer {
  const text = message ?? Buffer.from(PUSH_XML);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(declaredLength ?? text.length, 0);
  const body = Buffer.concat([
    random ?? Buffer.alloc(16, 7),
    length,
    text,
    Buffer.from(appId ?? settings.appId),
  ]);
  const natural = 32 - (body.length % 32);
  const { value, count } = pad ?? { value: natural, count: natural };
  return Buffer.concat([body, Buffer.alloc(count, value)]);
}

/** Encrypts whole blocks with the account's key, as a forger who knew it could. */
function seal(plain: Buffer): string {
  const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** Opens a safe-mode push carrying `encrypt`, with a valid msg_signature computed for it. */
function openSigned(encrypt: string): OpenedPush | RefusedPush {
  const query = {
    signature: computeSignature(settings.token, TIMESTAMP, NONCE),
    timestamp: TIMESTAMP,
    nonce: NONCE,
    encrypt_type: 'aes',
    msg_signature: computeSignature(settings.token, TIMESTAMP, NONCE, encrypt),
  };
  const body = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  return openPush({ account, query, body });
}

/**
 * A model of WXBizMsgCrypt's frame rules, written apart from the library: the refusal an
 * Encrypt text must meet, or the message a valid frame holds.
 */
function expectedOutcome(encrypt: string): { code: WechatErrorCode } | { xml: string } {
  if (encrypt === '') return { code: 'WECHAT_MISSING_ENCRYPT' };
  const bytes = Buffer.from(encrypt, 'base64');
  if (bytes.toString('base64') !== encrypt) return { code: 'WECHAT_BAD_BASE64' };
  if (bytes.length < 32 || bytes.length % 16 !== 0) return { code: 'WECHAT_BAD_CIPHERTEXT' };

  const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(bytes), decipher.final()]);
  const pad = plain[plain.length - 1];
  const padding = plain.subarray(plain.length - pad);
  if (pad < 1 || pad > 32 || padding.some((b) => b !== pad)) return { code: 'WECHAT_BAD_PADDING' };
  const content = plain.subarray(0, plain.length - pad);
  if (content.length < 20) return { code: 'WECHAT_BAD_LENGTH' };
  const length = content.readUInt32BE(16);
  if (length > content.length - 20) return { code: 'WECHAT_BAD_LENGTH' };
  if (content.subarray(20 + length).toString('latin1') !== settings.appId) {
    return { code: 'WECHAT_APPID_MISMATCH' };
  }
  return { xml: content.toString('utf8', 20, 20 + length) };
}

/**
 * Opens the re-signed push and holds the outcome to the model: the very code it predicts, or
 * for a valid frame the message it holds (or a refusal of that message as a push). Returns
 * what happened, so that a property can show that it reached every check.
 */
function checkAgainstModel(encrypt: string): string {
  const expected = expectedOutcome(encrypt);
  const result = openSigned(encrypt);
  if (!result.ok) expect(result.error).toBeInstanceOf(WechatError);

  if ('code' in expected) {
    expect(result.ok ? 'opened' : result.error.code).toBe(expected.code);
    return expected.code;
  }
  if (result.ok) {
    expect(result.xml).toBe(expected.xml);
    return 'opened';
  }
  expect(PUSH_CODES).toContain(result.error.code);
  return result.error.code;
}

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });

/** Edits of the Encrypt text itself: cuts and insertions of base64 and near-base64 text. */
const textEdits = fc.record({
  at: fc.nat({ max: VALID_ENCRYPT.length }),
  cut: fc.nat({ max: 8 }),
  insert: fc.string({ unit: fc.constantFrom(...'Aa0+/=-_*.'), maxLength: 6 }),
});

/** Edits of the ciphertext bytes, re-encoded canonically: flips, truncation, extra blocks. */
const byteEdits = fc.oneof(
  fc.record({ kind: fc.constant('flip'), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate'), blocks: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ kind: fc.constant('append'), extra: bytes(16, 16) }),
);

/** Frames with every part forged: lengths past or short of the message, strange AppIDs, pads. */
const forgedFrames = fc
  .record({
    random: bytes(16, 16),
    message: fc.oneof(
      fc.constant(Buffer.from(PUSH_XML)),
      bytes(0, 80).map((b) => Buffer.from(b)),
    ),
    lengthDelta: fc.oneof(fc.constant(0), fc.integer({ min: -30, max: 40 }), fc.constant(2 ** 31)),
    appId: fc.oneof(
      fc.constant(settings.appId),
      fc.constant(OTHER_APP_ID),
      fc.string({ maxLength: 20 }),
    ),
    extraBlocks: fc.integer({ min: 0, max: 2 }),
    padValue: fc.option(fc.nat({ max: 255 })),
  })
  .map(({ random, message, lengthDelta, appId, extraBlocks, padValue }): Frame => {
    const bodyLength = 20 + message.length + Buffer.byteLength(appId);
    const count = ((16 - (bodyLength % 16)) % 16) + 16 * extraBlocks;
    const declaredLength = Math.max(0, message.length + lengthDelta) % 2 ** 32;
    return {
      random: Buffer.from(random),
      message,
      declaredLength,
      appId,
      pad: { value: padValue ?? count, count },
    };
  });

describe(`${openPush.name} properties of re-signed ciphertexts`, () => {
  it('meets the model for every edit of the Encrypt text, msg_signature recomputed', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(textEdits, ({ at, cut, insert }) => {
        const encrypt = VALID_ENCRYPT.slice(0, at) + insert + VALID_ENCRYPT.slice(at + cut);
        seen.add(checkAgainstModel(encrypt));
      }),
      { numRuns: 2000 },
    );

    expect([...seen]).toEqual(
      expect.arrayContaining(['WECHAT_BAD_BASE64', 'WECHAT_BAD_CIPHERTEXT']),
    );
  });

  it('meets the model for every edit of the ciphertext bytes, msg_signature recomputed', () => {
    const seen = new Set<string>();
    const original = Buffer.from(VALID_ENCRYPT, 'base64');
    fc.assert(
      fc.property(byteEdits, (edit) => {
        const edited = Buffer.from(original);
        let cipher = edited;
        if (edit.kind === 'flip') edited[edit.at % edited.length] ^= edit.xor;
        if (edit.kind === 'truncate') cipher = edited.subarray(0, edit.blocks * 16);
        if (edit.kind === 'append') cipher = Buffer.concat([edited, edit.extra]);
        seen.add(checkAgainstModel(cipher.toString('base64')));
      }),
      { numRuns: 2000 },
    );

    expect([...seen]).toEqual(
      expect.arrayContaining([
        'WECHAT_MISSING_ENCRYPT',
        'WECHAT_BAD_CIPHERTEXT',
        'WECHAT_BAD_PADDING',
      ]),
    );
  });

  it('meets the model for every forged frame sealed with the account key', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(forgedFrames, (frame) => {
        seen.add(checkAgainstModel(seal(frameBytes(frame))));
      }),
      { numRuns: 3000 },
    );

    expect([...seen]).toEqual(
      expect.arrayContaining([
        'WECHAT_BAD_PADDING',
        'WECHAT_BAD_LENGTH',
        'WECHAT_APPID_MISMATCH',
        'WECHAT_XML_MALFORMED',
        'opened',
      ]),
    );
  });
});

describe(`${openPush.name} on targeted forged frames, msg_signature recomputed`, () => {
  const message = Buffer.from(PUSH_XML);
  const naturalPad = frameBytes({}).length - (20 + message.length + settings.appId.length);

  it('opens a forged frame that breaks no rule, so that the refusals below are of the rule', () => {
    expect(openSigned(seal(frameBytes({})))).toMatchObject({ ok: true, xml: PUSH_XML });
  });

  it.each<[string, WechatErrorCode, Frame]>([
    [
      'declares one byte more than the message and AppID after its header',
      'WECHAT_BAD_LENGTH',
      { declaredLength: message.length + settings.appId.length + 1 },
    ],
    ['declares 2^32 - 1 bytes', 'WECHAT_BAD_LENGTH', { declaredLength: 2 ** 32 - 1 }],
    [
      'declares one byte more than its message, leaving the AppID a byte short',
      'WECHAT_APPID_MISMATCH',
      { declaredLength: message.length + 1 },
    ],
    [
      "carries another account's AppID (wx0123456789abcdef)",
      'WECHAT_APPID_MISMATCH',
      { appId: OTHER_APP_ID },
    ],
    ['carries no AppID at all', 'WECHAT_APPID_MISMATCH', { appId: '' }],
    ['ends in pad byte 0', 'WECHAT_BAD_PADDING', { pad: { value: 0, count: naturalPad } }],
    [
      'is padded with 33s, one past the 32-byte block',
      'WECHAT_BAD_PADDING',
      { pad: { value: 33, count: naturalPad + 32 } },
    ],
  ])('refuses the frame of a valid push that %s as %s', (_, code, frame) => {
    const result = openSigned(seal(frameBytes(frame)));

    expect(result.ok ? 'opened' : result.error).toBeInstanceOf(WechatError);
    expect(result.ok ? 'opened' : result.error.code).toBe(code);
  });

  it('refuses a frame whose pad bytes disagree (last byte 4, the one before 3) as WECHAT_BAD_PADDING', () => {
    const plain = frameBytes({});
    plain[plain.length - 1] = 4;
    plain[plain.length - 2] = 3;

    expect(openSigned(seal(plain))).toMatchObject({
      ok: false,
      error: { code: 'WECHAT_BAD_PADDING' },
    });
  });

  it('refuses an Encrypt holding characters outside base64 (****) as WECHAT_BAD_BASE64', () => {
    const result = openSigned(`${VALID_ENCRYPT.slice(0, -4)}****`);

    expect(result).toMatchObject({ ok: false, error: { code: 'WECHAT_BAD_BASE64' } });
  });

  it('refuses a single AES block, too short for a frame, as WECHAT_BAD_CIPHERTEXT', () => {
    const result = openSigned(
      Buffer.from(VALID_ENCRYPT, 'base64').subarray(0, 16).toString('base64'),
    );

    expect(result).toMatchObject({ ok: false, error: { code: 'WECHAT_BAD_CIPHERTEXT' } });
  });
});
