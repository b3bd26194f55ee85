import { WechatCrypto } from './wechat-crypto';

/** One account's protocol settings as the accounts file holds them (secrets resolved). */
export interface PushAccountSettings {
  appId: string;
  token: string;
  encodingAESKey?: string;
  previousEncodingAESKey?: string;
  requireEncryption?: boolean;
}

/** What verifying an account's pushes needs, keys already validated. */
export interface PushAccount {
  appId: string;
  token: string;
  /** Absent when the account has no EncodingAESKey: only plaintext pushes can be opened. */
  crypto?: WechatCrypto;
  requireEncryption: boolean;
}

/** Builds an account's verifier once, at boot: a bad EncodingAESKey throws WECHAT_BAD_AES_KEY. */
export function createPushAccount(settings: PushAccountSettings): PushAccount {
  const { appId, token, encodingAESKey, previousEncodingAESKey } = settings;
  const crypto =
    encodingAESKey === undefined
      ? undefined
      : new WechatCrypto({ appId, token, encodingAESKey, previousEncodingAESKey });
  return { appId, token, crypto, requireEncryption: settings.requireEncryption ?? false };
}
