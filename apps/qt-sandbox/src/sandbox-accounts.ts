import type { AccountConfig } from '@oa-relay/config';
import { createPushAccount, type PushAccount } from '@oa-relay/wechat';

/** One account as QT knows it: its appkey, and what verifying its encrypted pushes needs. */
export interface SandboxAccount {
  appId: string;
  appkey: string;
  push: PushAccount;
}

/** The accounts the sandbox accepts, by AppID and by appkey, built once at boot. */
export class SandboxAccounts {
  private readonly byAppId = new Map<string, SandboxAccount>();
  private readonly appkeys = new Set<string>();

  constructor(accounts: readonly AccountConfig[]) {
    for (const account of accounts) {
      const push = createPushAccount({
        appId: account.appId,
        token: account.token,
        encodingAESKey: account.encodingAESKey,
        previousEncodingAESKey: account.previousEncodingAESKey,
      });
      this.byAppId.set(account.appId, { appId: account.appId, appkey: account.qt.appkey, push });
      this.appkeys.add(account.qt.appkey);
    }
  }

  /** True when some configured account uses this QT appkey. */
  knowsAppkey(appkey: string): boolean {
    return this.appkeys.has(appkey);
  }

  /** The account with this AppID, or undefined. */
  find(appId: string): SandboxAccount | undefined {
    return this.byAppId.get(appId);
  }
}
