import { randomInt } from 'node:crypto';
import { computeSignature, WechatCrypto, type PushMode } from '@oa-relay/wechat';
import type { RandomSource } from '../pushes/random-source';
import type { SimPush } from '../pushes/sim-push';
import { SimError } from '../sim-error';
import type { SimAccount } from './sim-account';

/** The modes a push can be sent in, plus `auto` (safe with a key, else plaintext) and `mixed`. */
export const MODE_CHOICES = ['auto', 'plaintext', 'compatible', 'safe', 'mixed'] as const;

/** How the user asked pushes to be sent. */
export type ModeChoice = (typeof MODE_CHOICES)[number];

/** A push ready for the wire: signed, encrypted as its mode says, addressed to its account. */
export interface WirePush {
  push: SimPush;
  mode: PushMode;
  /** Path under the gateway: `/wechat/<appId>`. */
  path: string;
  query: Record<string, string>;
  body: string;
}

/**
 * The mode one push goes in. `mixed` draws among the modes the account allows; an account
 * that requires encryption is never sent plaintext by `auto` or `mixed`.
 */
export function chooseMode(choice: ModeChoice, account: SimAccount, rng: RandomSource): PushMode {
  const hasKey = account.encodingAESKey !== undefined;
  if ((choice === 'compatible' || choice === 'safe') && !hasKey) {
    throw new SimError('SIM_NO_AES_KEY', { appId: account.appId, mode: choice });
  }
  switch (choice) {
    case 'auto':
      return hasKey ? 'safe' : 'plaintext';
    case 'mixed':
      if (!hasKey) return 'plaintext';
      return rng.pick(account.requireEncryption ? ENCRYPTED : MIXABLE);
    case 'plaintext':
    case 'compatible':
    case 'safe':
      return choice;
  }
}

const MIXABLE: readonly PushMode[] = ['plaintext', 'compatible', 'safe'];
const ENCRYPTED: readonly PushMode[] = ['compatible', 'safe'];

// One cipher per account: building it decodes and checks the key, which a load run would
// otherwise repeat for every push.
const ciphers = new WeakMap<SimAccount, WechatCrypto>();

/**
 * Signs (and encrypts) a push exactly as WeChat does, as `buildPushRequest` of
 * `@oa-relay/wechat` does, without re-parsing XML the simulator wrote itself: `signature`
 * always, `openid`, and for encrypted modes `encrypt_type=aes`, `msg_signature` and an
 * Encrypt element (beside the plaintext in compatible mode, alone with ToUserName in safe mode).
 */
export function toWirePush(
  push: SimPush,
  account: SimAccount,
  mode: PushMode,
  timestamp = String(Math.floor(Date.now() / 1000)),
  nonce = String(randomInt(100_000_000, 2_000_000_000)),
): WirePush {
  const query: Record<string, string> = {
    signature: computeSignature(account.token, timestamp, nonce),
    timestamp,
    nonce,
    openid: push.openId,
  };
  const path = `/wechat/${account.appId}`;
  if (mode === 'plaintext') return { push, mode, path, query, body: push.xml };

  const crypto = cipherOf(account);
  const encrypt = crypto.encrypt(push.xml);
  query.encrypt_type = 'aes';
  query.msg_signature = crypto.msgSignature(timestamp, nonce, encrypt);
  const element = `<Encrypt><![CDATA[${encrypt}]]></Encrypt>`;
  const body =
    mode === 'compatible'
      ? push.xml.replace(/<\/xml>\s*$/, `${element}</xml>`)
      : `<xml><ToUserName><![CDATA[${push.toUserName}]]></ToUserName>${element}</xml>`;
  return { push, mode, path, query, body };
}

function cipherOf(account: SimAccount): WechatCrypto {
  let crypto = ciphers.get(account);
  if (!crypto) {
    if (account.encodingAESKey === undefined) {
      throw new SimError('SIM_NO_AES_KEY', { appId: account.appId });
    }
    crypto = new WechatCrypto({ ...account, encodingAESKey: account.encodingAESKey });
    ciphers.set(account, crypto);
  }
  return crypto;
}
