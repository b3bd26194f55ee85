import { WechatError } from './wechat-error';

const KEY_ALPHABET = /^[A-Za-z0-9+/]{43}$/;

/** Which of an account's keys a value belongs to, for errors and for decrypt results. */
export type KeySlot = 'current' | 'previous';

/** Why a key was refused, as said on the boot line: never a part of the key. */
const REASONS = {
  length: 'not 43 characters',
  alphabet: 'a character outside base64',
  'decoded-length': 'does not decode to 32 bytes',
} as const;

/**
 * Decodes an EncodingAESKey into its 32-byte AES key. WeChat's keys often carry non-zero
 * trailing bits in their last character, which a strict decoder refuses, so the decoding is
 * lenient; the shape is then insisted on: 43 base64 characters in, 32 bytes out. A refusal
 * names the account (`appId`, when given) and the slot, never the key.
 */
export function decodeAesKey(
  encodingAESKey: string,
  slot: KeySlot = 'current',
  appId?: string,
): Buffer {
  if (encodingAESKey.length !== 43) throw badKey('length', slot, appId);
  // Node's base64 decoder skips characters outside the alphabet, so check them first.
  if (!KEY_ALPHABET.test(encodingAESKey)) throw badKey('alphabet', slot, appId);
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32) throw badKey('decoded-length', slot, appId);
  return key;
}

/**
 * A bad key stops the boot, whose one line shows only the code and the message: so the
 * message names the account and slot too, besides the fields a log would read.
 */
function badKey(reason: keyof typeof REASONS, slot: KeySlot, appId?: string): WechatError {
  const owner = appId === undefined ? `the ${slot} key` : `the ${slot} key of account ${appId}`;
  return new WechatError(
    'WECHAT_BAD_AES_KEY',
    { ...(appId === undefined ? {} : { appId }), slot, reason },
    { detail: `${owner}: ${REASONS[reason]}` },
  );
}
