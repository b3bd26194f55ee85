import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { compareAndDelete, tryLock, unlock } from './redis-scripts';
import { TokenError, isTokenErrorCode, type TokenErrorCode } from './token-errors';

/** What the cache knows about an account: a token, a recent failure, or nothing. */
export type CacheState =
  | { kind: 'token'; token: string }
  | { kind: 'failure'; code: TokenErrorCode; message: string }
  | { kind: 'empty' };

/**
 * The shared, per-account Redis state of the token client: the cached token, the fetch lock
 * and the marker of a recent failed fetch. Keys carry the appId as a hash tag so that one
 * account's keys stay in one Redis Cluster slot.
 */
export class TokenCache {
  private readonly owner = randomUUID();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** The cached token or the failure marker, in one round trip. */
  async read(appId: string): Promise<CacheState> {
    const [token, failure] = await this.guard(appId, () =>
      this.redis.mget(this.tokenKey(appId), this.failureKey(appId)),
    );
    if (token) return { kind: 'token', token };
    return failure ? parseFailure(failure) : { kind: 'empty' };
  }

  /** Stores a fresh token and clears any failure marker. */
  async store(appId: string, token: string, ttlMs: number): Promise<void> {
    await this.guard(appId, async () => {
      const pipeline = this.redis.multi().del(this.failureKey(appId));
      if (ttlMs > 0) pipeline.set(this.tokenKey(appId), token, 'PX', ttlMs);
      await pipeline.exec();
    });
  }

  /** Remembers a failed fetch for a while, so a wrong configuration cannot burn the quota. */
  async storeFailure(appId: string, error: TokenError, cooldownMs: number): Promise<void> {
    if (cooldownMs <= 0) return;
    const marker = JSON.stringify({ code: error.code, message: error.message });
    await this.guard(appId, () => this.redis.set(this.failureKey(appId), marker, 'PX', cooldownMs));
  }

  /** Drops the cached token only if it is still `token`; true when it did. */
  async evictIfCurrent(appId: string, token: string): Promise<boolean> {
    return this.guard(appId, () => compareAndDelete(this.redis, this.tokenKey(appId), token));
  }

  /** Takes this account's fetch lock across replicas. */
  async lock(appId: string, ttlMs: number): Promise<boolean> {
    return this.guard(appId, () => tryLock(this.redis, this.lockKey(appId), this.owner, ttlMs));
  }

  /** Releases the fetch lock if this instance still holds it. */
  async unlock(appId: string): Promise<void> {
    await this.guard(appId, () => unlock(this.redis, this.lockKey(appId), this.owner));
  }

  tokenKey(appId: string): string {
    return `${this.prefix}{${appId}}:token`;
  }

  private failureKey(appId: string): string {
    return `${this.prefix}{${appId}}:failure`;
  }

  private lockKey(appId: string): string {
    return `${this.prefix}{${appId}}:lock`;
  }

  private async guard<T>(appId: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new TokenError(
        'TOKEN_CACHE_UNAVAILABLE',
        'Redis did not answer',
        { appId },
        {
          cause: error,
        },
      );
    }
  }
}

function parseFailure(marker: string): CacheState {
  try {
    const { code, message } = JSON.parse(marker) as { code?: unknown; message?: unknown };
    if (isTokenErrorCode(code)) return { kind: 'failure', code, message: String(message) };
  } catch {
    // A marker this version cannot read is treated as absent: the next fetch rewrites it.
  }
  return { kind: 'empty' };
}
