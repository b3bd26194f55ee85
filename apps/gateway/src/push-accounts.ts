import type { AccountRegistry } from '@oa-relay/config';
import { createPushAccount, type PushAccount } from '@oa-relay/wechat';

/**
 * Every configured account's verifier, built once at boot so that a bad EncodingAESKey stops
 * the gateway before it answers anything (WECHAT_BAD_AES_KEY, the key never printed).
 */
export class PushAccounts {
  private readonly byAppId: ReadonlyMap<string, PushAccount>;

  constructor(registry: AccountRegistry) {
    this.byAppId = new Map(registry.all().map((a) => [a.appId, createPushAccount(a)]));
  }

  /** The account with this AppID, or undefined. */
  find(appId: string): PushAccount | undefined {
    return this.byAppId.get(appId);
  }

  /** AppIDs served, for bounded metric labels. */
  appIds(): string[] {
    return [...this.byAppId.keys()];
  }
}
