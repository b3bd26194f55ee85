/** How long a fetched token may be served from the cache. */
export interface TokenLifetimePolicy {
  /** Kept in hand before the token's own end, so no caller holds a token about to die. */
  safetyMarginMs: number;
  /** Ceiling for tokens read from a central server, which may replace them at any time. */
  centralMaxTtlMs: number;
  /** Assumed lifetime when a source does not say (WeChat's is 7,200 s). */
  defaultExpiresInSec: number;
  /** Below this the token is not worth caching; it is still returned to the caller. */
  minTtlMs: number;
}

/** Defaults: five minutes of margin, one minute for central tokens, WeChat's two hours. */
export const DEFAULT_LIFETIME_POLICY: TokenLifetimePolicy = {
  safetyMarginMs: 5 * 60_000,
  centralMaxTtlMs: 60_000,
  defaultExpiresInSec: 7_200,
  minTtlMs: 1_000,
};

/**
 * The cache lifetime of a token: its own lifetime less the margin, or half of it when the
 * token is too short-lived for the margin, and short for central tokens. Zero means "do not
 * cache".
 */
export function cacheTtlMs(
  kind: 'central' | 'credentials',
  expiresInSec: number | undefined,
  policy: TokenLifetimePolicy = DEFAULT_LIFETIME_POLICY,
): number {
  const known = expiresInSec !== undefined && Number.isFinite(expiresInSec);
  const lifetimeMs = (known ? expiresInSec : policy.defaultExpiresInSec) * 1_000;
  let ttl = Math.max(lifetimeMs - policy.safetyMarginMs, lifetimeMs / 2);
  if (kind === 'central')
    ttl = known ? Math.min(ttl, policy.centralMaxTtlMs) : policy.centralMaxTtlMs;
  ttl = Math.floor(ttl);
  return ttl >= policy.minTtlMs ? ttl : 0;
}
