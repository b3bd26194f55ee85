import { createHash } from 'node:crypto';

/**
 * The openid of user number `index` of an account: `o` and 27 url-safe characters, 28 in
 * all as WeChat's are. Stable across runs, so a run's users are the same people next time;
 * different per account, as WeChat's openids are.
 */
export function simulatedOpenId(appId: string, index: number): string {
  const digest = createHash('sha256').update(`${appId}:user:${index}`).digest('base64url');
  return `o${digest.slice(0, 27)}`;
}

/** The account's original id (`gh_` and 12 hex digits) when the accounts file gives none. */
export function simulatedOriginalId(appId: string): string {
  return `gh_${createHash('sha256').update(appId).digest('hex').slice(0, 12)}`;
}
