import { createCipheriv, randomBytes } from 'node:crypto';
import { AesCbcDecipher } from './aes-cbc-decipher';
import { decodeAesKey, type KeySlot } from './aes-key';
import { computeSignature } from './signature';
import { WechatError } from './wechat-error';

/** What a {@link WechatCrypto} is built from: one account's protocol secrets. */
export interface WechatCryptoOptions {
  appId: string;
  token: string;
  encodingAESKey: string;
  /** The key before the last rotation, still tried when the current one fails. */
  previousEncodingAESKey?: string;
}

/** A decrypted push and which of the account's keys opened it. */
export interface DecryptResult {
  xml: string;
  keyUsed: KeySlot;
}

/** WeChat pads to 32-byte blocks, not AES's 16: pad values run 1..32. */
const BLOCK = 32;
const RANDOM_BYTES = 16;
const HEADER_BYTES = RANDOM_BYTES + 4;

interface AesKey {
  slot: KeySlot;
  key: Buffer;
  iv: Buffer;
  /** Built once per key: setting up a cipher per push cost more than decrypting it. */
  decipher: AesCbcDecipher;
}

/**
 * WeChat's message encryption (WXBizMsgCrypt) for one account: AES-256-CBC, iv the first 16
 * key bytes, plaintext = 16 random bytes, 4-byte big-endian length, message, AppID, PKCS#7 to
 * 32-byte blocks. Keys are validated at construction so that a bad key stops the boot.
 */
export class WechatCrypto {
  readonly appId: string;
  readonly token: string;
  private readonly appIdBytes: Buffer;
  private readonly keys: readonly AesKey[];

  constructor(options: WechatCryptoOptions) {
    this.appId = options.appId;
    this.token = options.token;
    this.appIdBytes = Buffer.from(options.appId, 'utf8');
    this.keys = [
      toAesKey(options.encodingAESKey, 'current', options.appId),
      ...(options.previousEncodingAESKey === undefined
        ? []
        : [toAesKey(options.previousEncodingAESKey, 'previous', options.appId)]),
    ];
  }

  /** The `msg_signature` of an Encrypt text. */
  msgSignature(timestamp: string, nonce: string, encrypt: string): string {
    return computeSignature(this.token, timestamp, nonce, encrypt);
  }

  /** Encrypts a message with the current key; `random` (16 bytes) only for known answers. */
  encrypt(xml: string, random: Buffer = randomBytes(RANDOM_BYTES)): string {
    if (random.length !== RANDOM_BYTES) throw new RangeError('random must be 16 bytes');
    const message = Buffer.from(xml, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(message.length, 0);
    const body = Buffer.concat([random, length, message, this.appIdBytes]);
    const pad = BLOCK - (body.length % BLOCK);

    const { key, iv } = this.keys[0];
    const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
    const padded = Buffer.concat([body, Buffer.alloc(pad, pad)]);
    return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
  }

  /** Decrypts an Encrypt text with the current key, then the previous one; throws WechatError. */
  decrypt(encrypt: string): DecryptResult {
    const ciphertext = decodeCiphertext(encrypt);

    let firstError: unknown;
    for (const key of this.keys) {
      try {
        return { xml: this.open(ciphertext, key), keyUsed: key.slot };
      } catch (error) {
        firstError ??= error;
      }
    }
    throw firstError;
  }

  private open(ciphertext: Buffer, { decipher }: AesKey): string {
    const plain = decipher.decrypt(ciphertext);
    const content = plain.subarray(0, plain.length - padLength(plain));
    if (content.length < HEADER_BYTES) throw new WechatError('WECHAT_BAD_LENGTH');
    const length = content.readUInt32BE(RANDOM_BYTES);
    if (length > content.length - HEADER_BYTES) throw new WechatError('WECHAT_BAD_LENGTH');

    const appId = content.subarray(HEADER_BYTES + length);
    if (!appId.equals(this.appIdBytes)) {
      throw new WechatError('WECHAT_APPID_MISMATCH', { appId: this.appId });
    }
    return content.toString('utf8', HEADER_BYTES, HEADER_BYTES + length);
  }
}

function toAesKey(encodingAESKey: string, slot: KeySlot, appId: string): AesKey {
  const key = decodeAesKey(encodingAESKey, slot, appId);
  const iv = key.subarray(0, 16);
  return { slot, key, iv, decipher: new AesCbcDecipher(key, iv) };
}

/**
 * Strict base64 to bytes. Node's decoder silently skips stray characters, so the bytes are
 * encoded again and must give back the very text: canonical base64 only, checked natively.
 */
function decodeCiphertext(encrypt: string): Buffer {
  const bytes = Buffer.from(encrypt, 'base64');
  if (encrypt.length === 0 || bytes.toString('base64') !== encrypt) {
    throw new WechatError('WECHAT_BAD_BASE64', { length: encrypt.length });
  }
  if (bytes.length < BLOCK || bytes.length % 16 !== 0) {
    throw new WechatError('WECHAT_BAD_CIPHERTEXT', { bytes: bytes.length });
  }
  return bytes;
}

/** The PKCS#7 pad length, every pad byte checked: values 1..32, as WeChat pads. */
function padLength(plain: Buffer): number {
  const pad = plain[plain.length - 1];
  if (pad < 1 || pad > BLOCK || pad > plain.length) throw new WechatError('WECHAT_BAD_PADDING');
  for (let i = plain.length - pad; i < plain.length - 1; i++) {
    if (plain[i] !== pad) throw new WechatError('WECHAT_BAD_PADDING');
  }
  return pad;
}
