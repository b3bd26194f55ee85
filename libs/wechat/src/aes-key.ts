import { WechatError } from './wechat-error';

const KEY_ALPHABET = /^[A-Za-z0-9+/]{43}$/;

/** Which of an account's keys a value belongs to, for errors and for decrypt results. */
export type KeySlot = 'current' | 'previous';

/**
 * Decodes an EncodingAESKey into its 32-byte AES key. WeChat's keys often carry non-zero
 * trailing bits in their last character, which a strict decoder refuses, so the decoding is
 * lenient; the shape is then insisted on: 43 base64 characters in, 32 bytes out.
 */
export function decodeAesKey(encodingAESKey: string, slot: KeySlot = 'current'): Buffer {
  if (encodingAESKey.length !== 43) {
    throw new WechatError('WECHAT_BAD_AES_KEY', { slot, reason: 'length' });
  }
  // Node's base64 decoder skips characters outside the alphabet, so check them first.
  if (!KEY_ALPHABET.test(encodingAESKey)) {
    throw new WechatError('WECHAT_BAD_AES_KEY', { slot, reason: 'alphabet' });
  }
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32) {
    throw new WechatError('WECHAT_BAD_AES_KEY', { slot, reason: 'decoded-length' });
  }
  return key;
}
