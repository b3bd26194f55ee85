import type { KeySlot } from './aes-key';
import type { PushAccount } from './push-account';
import { pushFromRecord } from './push.parser';
import { verifySignature } from './signature';
import { WechatError, isWechatError } from './wechat-error';
import type { WechatPush } from './wechat-push.types';
import { checkXmlSize, parseXmlRecord, type ParseXmlOptions } from './xml-record.parser';
import { readSafeEnvelope } from './safe-envelope.reader';

/** How a push reached us: no encryption, both plaintext and Encrypt, or Encrypt only. */
export type PushMode = 'plaintext' | 'compatible' | 'safe';

/** Query parameters as an HTTP framework hands them over; repeated names give arrays. */
export type PushQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What {@link openPush} needs: the account, and the request exactly as received. */
export interface OpenPushInput {
  account: PushAccount;
  query: PushQuery;
  body: string;
  xml?: ParseXmlOptions;
}

/** A genuine push, decrypted when it was encrypted; `xml` is the plaintext push. */
export interface OpenedPush {
  ok: true;
  mode: PushMode;
  xml: string;
  keyUsed?: KeySlot;
  push: WechatPush;
}

/** A refused request, as a value: refusing forgeries is an expected outcome. */
export interface RefusedPush {
  ok: false;
  error: WechatError;
}

/**
 * Authenticates and opens a push in one step: `signature` in every mode, then for an encrypted
 * push (`encrypt_type=aes` or an Encrypt element) `msg_signature` and decryption, whose result
 * is the truth in compatible mode too. Never throws for bad input.
 */
export function openPush(input: OpenPushInput): OpenedPush | RefusedPush {
  try {
    return open(input);
  } catch (error) {
    if (isWechatError(error)) return { ok: false, error };
    throw error;
  }
}

function open({ account, query, body, xml: options }: OpenPushInput): OpenedPush {
  const timestamp = requireParam(query, 'timestamp');
  const nonce = requireParam(query, 'nonce');
  if (!verifySignature(requireParam(query, 'signature'), account.token, timestamp, nonce)) {
    throw new WechatError('WECHAT_BAD_SIGNATURE', { appId: account.appId });
  }

  checkXmlSize(body, options?.maxBytes);
  const outer = readSafeEnvelope(body) ?? parseXmlRecord(body, options);
  const encryptType = queryParam(query, 'encrypt_type');
  if (encryptType !== undefined && encryptType !== 'aes' && encryptType !== 'raw') {
    throw new WechatError('WECHAT_BAD_ENCRYPT_TYPE', { appId: account.appId });
  }
  if (encryptType !== 'aes' && outer.Encrypt === undefined) {
    if (account.requireEncryption) {
      throw new WechatError('WECHAT_ENCRYPTION_REQUIRED', { appId: account.appId });
    }
    return { ok: true, mode: 'plaintext', xml: body, push: pushFromRecord(outer) };
  }

  const encrypt = outer.Encrypt;
  if (typeof encrypt !== 'string') throw new WechatError('WECHAT_MISSING_ENCRYPT');
  const crypto = account.crypto;
  if (crypto === undefined) {
    throw new WechatError('WECHAT_ENCRYPTION_NOT_CONFIGURED', { appId: account.appId });
  }
  const msgSignature = requireParam(query, 'msg_signature');
  if (!verifySignature(msgSignature, account.token, timestamp, nonce, encrypt)) {
    throw new WechatError('WECHAT_BAD_MSG_SIGNATURE', { appId: account.appId });
  }
  const { xml, keyUsed } = crypto.decrypt(encrypt);
  const push = pushFromRecord(parseXmlRecord(xml, options));
  const mode = outer.MsgType === undefined ? 'safe' : 'compatible';
  return { ok: true, mode, xml, keyUsed, push };
}

/** The first value of a query parameter, or undefined. */
export function queryParam(query: PushQuery, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' ? value : value?.[0];
}

function requireParam(query: PushQuery, name: string): string {
  const value = queryParam(query, name);
  if (value === undefined) throw new WechatError('WECHAT_MISSING_PARAMETER', { parameter: name });
  return value;
}
