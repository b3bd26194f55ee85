import { Logger } from '@nestjs/common';
import type { AccountConfig } from '@oa-relay/config';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { setTimeout as delay } from 'node:timers/promises';
import { CentralTokenSource } from './central-token-source';
import type { FetchLike } from './http-json';
import { singleFlight } from './single-flight';
import { StableTokenSource } from './stable-token-source';
import { TokenCache } from './token-cache';
import { TokenError, type TokenErrorCode } from './token-errors';
import { DEFAULT_LIFETIME_POLICY, cacheTtlMs, type TokenLifetimePolicy } from './token-lifetime';
import { TokenMetrics } from './token-metrics';
import type { FetchedToken, TokenSource } from './token-source';

/** Finds an account by appId; an AccountRegistry fits. */
export interface AccountLookup {
  find(appId: string): AccountConfig | undefined;
}

/** Settings of an {@link AccessTokenClient}; only `redis`, `accounts` and `wechatApiBaseUrl` are required. */
export interface AccessTokenClientOptions {
  redis: Redis;
  accounts: AccountLookup;
  /** Where `cgi-bin/stable_token` answers: WeChat or the wechat-sandbox. */
  wechatApiBaseUrl: string;
  /** Prefix of every Redis key; replicas that share tokens share it. */
  keyPrefix?: string;
  fetch?: FetchLike;
  /** Timeout of one request to a source. */
  requestTimeoutMs?: number;
  /** Lifetime of the cross-replica fetch lock; longer than one request. */
  lockTtlMs?: number;
  /** How long a caller waits for another replica's fetch before giving up. */
  waitTimeoutMs?: number;
  /** How often a waiting caller looks at the cache. */
  pollIntervalMs?: number;
  lifetime?: Partial<TokenLifetimePolicy>;
  /** How long a failed fetch is remembered, by kind, before anyone may fetch again. */
  failureCooldownMs?: Partial<Record<'configuration' | 'quota' | 'transient', number>>;
  /** Where the client's counters go (the app's MetricsRegistry). */
  metrics?: Registry;
}

const DEFAULT_COOLDOWN_MS = { configuration: 60_000, quota: 300_000, transient: 1_000 };

/**
 * Hands out each account's access_token from a Redis cache shared by every replica. One fetch
 * at a time per account: single-flight in the process, a Redis lock across processes, the
 * others wait for the cache. A rejected token is evicted only while it is still the cached one.
 */
export class AccessTokenClient {
  private readonly logger = new Logger(AccessTokenClient.name);
  private readonly cache: TokenCache;
  private readonly metrics: TokenMetrics;
  private readonly lifetime: TokenLifetimePolicy;
  private readonly cooldown: typeof DEFAULT_COOLDOWN_MS;
  private readonly flights = new Map<string, Promise<string>>();
  private readonly reports = new Map<string, Promise<string>>();
  private readonly sources = new Map<string, TokenSource>();

  constructor(private readonly options: AccessTokenClientOptions) {
    this.cache = new TokenCache(options.redis, options.keyPrefix ?? 'oa-relay:access-token:');
    this.metrics = new TokenMetrics(options.metrics);
    this.lifetime = { ...DEFAULT_LIFETIME_POLICY, ...options.lifetime };
    this.cooldown = { ...DEFAULT_COOLDOWN_MS, ...options.failureCooldownMs };
  }

  /** A valid token for the account, from the cache or, once for everyone, from its source. */
  getToken(appId: string): Promise<string> {
    return singleFlight(this.flights, appId, () => this.load(appId));
  }

  /**
   * Reports a token WeChat rejected (40001, 40014, 42001) and returns its replacement. The cache
   * entry is dropped only if it still holds that token, so late or repeated reports of a token
   * that was already replaced cost no fetch.
   */
  reportRejected(appId: string, token: string): Promise<string> {
    return singleFlight(this.reports, `${appId}\n${token}`, async () => {
      const evicted = await this.cache.evictIfCurrent(appId, token);
      this.metrics.reported(appId, evicted);
      // Only the report that evicted tells the source: one hint per rejected token.
      if (evicted) await this.sourceFor(appId).reportRejected?.(token);

      const fresh = await this.getToken(appId);
      // A flight that read the cache before the eviction may still carry the rejected token.
      return fresh === token ? this.getToken(appId) : fresh;
    });
  }

  /** The Redis key holding an account's cached token (for tests and operators). */
  cacheKey(appId: string): string {
    return this.cache.tokenKey(appId);
  }

  private async load(appId: string): Promise<string> {
    const source = this.sourceFor(appId);
    const deadline = Date.now() + (this.options.waitTimeoutMs ?? 10_000);

    for (;;) {
      const state = await this.cache.read(appId);
      if (state.kind === 'token') return state.token;
      if (state.kind === 'failure') {
        throw new TokenError(state.code, state.message, { appId, cooldown: true });
      }
      if (await this.cache.lock(appId, this.options.lockTtlMs ?? 15_000)) {
        return this.fetchLocked(appId, source);
      }
      if (Date.now() > deadline) {
        throw new TokenError('TOKEN_WAIT_TIMEOUT', 'no token appeared while another fetched', {
          appId,
        });
      }
      await delay(this.options.pollIntervalMs ?? 25);
    }
  }

  private async fetchLocked(appId: string, source: TokenSource): Promise<string> {
    try {
      // Another replica may have stored a token between our read and our lock.
      const state = await this.cache.read(appId);
      if (state.kind === 'token') return state.token;

      const fetched = await this.fetchFrom(appId, source);
      const ttlMs = cacheTtlMs(source.kind, fetched.expiresInSec, this.lifetime);
      await this.cache.store(appId, fetched.token, ttlMs);
      return fetched.token;
    } finally {
      await this.cache.unlock(appId).catch(() => undefined);
    }
  }

  private async fetchFrom(appId: string, source: TokenSource): Promise<FetchedToken> {
    try {
      const fetched = await source.fetch();
      this.metrics.fetched(appId, source.kind, 'ok');
      return fetched;
    } catch (error) {
      const failure =
        error instanceof TokenError
          ? error
          : new TokenError(
              'TOKEN_SOURCE_UNREACHABLE',
              'token source failed',
              { appId },
              {
                cause: error,
              },
            );
      this.metrics.fetched(appId, source.kind, failure.code);
      this.logger.warn({ appId, source: source.kind, code: failure.code, ...failure.fields });
      await this.cache
        .storeFailure(appId, failure, this.cooldownFor(failure.code))
        .catch(() => undefined);
      throw failure;
    }
  }

  private cooldownFor(code: TokenErrorCode): number {
    if (code === 'TOKEN_QUOTA_EXCEEDED') return this.cooldown.quota;
    if (code === 'TOKEN_SOURCE_UNREACHABLE' || code === 'TOKEN_WECHAT_BUSY') {
      return this.cooldown.transient;
    }
    return this.cooldown.configuration;
  }

  private sourceFor(appId: string): TokenSource {
    const known = this.sources.get(appId);
    if (known) return known;

    const config = this.options.accounts.find(appId)?.accessToken;
    if (!config) {
      throw new TokenError(
        'TOKEN_ACCOUNT_UNCONFIGURED',
        'no access token source for this account',
        {
          appId,
        },
      );
    }
    const source = createTokenSource(appId, config, this.options);
    this.sources.set(appId, source);
    return source;
  }
}

/** Builds the source an account's configuration names. */
export function createTokenSource(
  appId: string,
  config: NonNullable<AccountConfig['accessToken']>,
  options: Pick<AccessTokenClientOptions, 'wechatApiBaseUrl' | 'fetch' | 'requestTimeoutMs'>,
): TokenSource {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.requestTimeoutMs ?? 5_000;
  if (config.type === 'central') {
    return new CentralTokenSource(appId, config, fetchImpl, timeoutMs);
  }
  return new StableTokenSource(
    appId,
    config.appSecret,
    options.wechatApiBaseUrl,
    fetchImpl,
    timeoutMs,
  );
}
