import { buildPushRequest, type PushMode } from '@oa-relay/wechat';
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
      return rng.pick(account.requireEncryption ? ['compatible', 'safe'] : MIXABLE);
    case 'plaintext':
    case 'compatible':
    case 'safe':
      return choice;
  }
}

const MIXABLE: readonly PushMode[] = ['plaintext', 'compatible', 'safe'];

/** Signs (and encrypts) a push exactly as WeChat would for its account. */
export function toWirePush(push: SimPush, account: SimAccount, mode: PushMode): WirePush {
  const { query, body } = buildPushRequest({
    appId: account.appId,
    token: account.token,
    encodingAESKey: account.encodingAESKey,
    mode,
    xml: push.xml,
  });
  return { push, mode, path: `/wechat/${account.appId}`, query, body };
}
