import { loadAccountsFile, type AccountConfig } from '@oa-relay/config';
import { simulatedOriginalId } from '../pushes/openid';
import type { SimTarget } from '../pushes/sim-push';
import { SimError } from '../sim-error';

/** An account as the simulator signs for it: WeChat's side of the shared secrets. */
export interface SimAccount extends SimTarget {
  token: string;
  encodingAESKey?: string;
  requireEncryption: boolean;
}

/** The simulator's view of an account from the accounts file. */
export function toSimAccount(account: AccountConfig): SimAccount {
  return {
    appId: account.appId,
    originalId: account.originalId ?? simulatedOriginalId(account.appId),
    token: account.token,
    encodingAESKey: account.encodingAESKey,
    requireEncryption: account.requireEncryption,
  };
}

/** Reads the accounts file and keeps the accounts asked for (all when `appIds` is empty). */
export function loadSimAccounts(file: string, appIds: readonly string[] = []): SimAccount[] {
  const all = loadAccountsFile(file).map(toSimAccount);
  if (appIds.length === 0) return all;
  return appIds.map((appId) => {
    const account = all.find((a) => a.appId === appId);
    if (!account) throw new SimError('SIM_UNKNOWN_ACCOUNT', { appId });
    return account;
  });
}
