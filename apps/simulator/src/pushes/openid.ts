import { createHash } from 'node:crypto';

/**
 * The openid of user number `index` of an account: `o` and 27 url-safe characters, 28 in
 * all as WeChat's are. Stable across runs, so a run's users are the same people next time;
 * different per account, as WeChat's openids are.
 */
export function simulatedOpenId(appId: string, index: number): string {
  const key = `${appId}:user:${index}`;
  let openId = cache.get(key);
  if (openId === undefined) {
    openId = `o${createHash('sha256').update(key).digest('base64url').slice(0, 27)}`;
    if (cache.size < CACHE_LIMIT) cache.set(key, openId);
  }
  return openId;
}

// A run draws the same users again and again; hashing each time cost a third of generation.
const CACHE_LIMIT = 1_000_000;
const cache = new Map<string, string>();

/** The account's original id (`gh_` and 12 hex digits) when the accounts file gives none. */
export function simulatedOriginalId(appId: string): string {
  return `gh_${createHash('sha256').update(appId).digest('hex').slice(0, 12)}`;
}
