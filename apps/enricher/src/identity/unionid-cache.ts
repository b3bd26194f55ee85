import type { RedisCommandBatcher } from '@oa-relay/redis';
import { enricherRetriable } from '../enricher-errors';

/** What the cache knows about one openid: its unionid, or that WeChat had none (and why). */
export type CachedUnionId = { kind: 'unionid'; unionId: string } | { kind: 'none'; reason: string };

/** Settings of a {@link UnionIdCache}. */
export interface UnionIdCacheOptions {
  /** Prepended to `unionid:<appId>:<openid>`. */
  keyPrefix: string;
  ttlSeconds: number;
  /** Lifetime of a "no unionid" answer; 0 keeps none. */
  noUnionIdTtlSeconds: number;
}

// Unionids are WeChat's base64-like ids: none starts with '!', which marks a negative answer.
const NONE_MARK = '!';

/**
 * openid → unionid in Redis, per account. Reads that fail are retriable errors (the record
 * waits); writes are best effort, because an answer already in hand must not be lost to them.
 */
export class UnionIdCache {
  constructor(
    // Pipelined: under a burst, one socket write per event-loop turn instead of one per user.
    private readonly redis: Pick<RedisCommandBatcher, 'call'>,
    private readonly options: UnionIdCacheOptions,
  ) {}

  /** The Redis key of one user of one account. */
  key(appId: string, openId: string): string {
    return `${this.options.keyPrefix}unionid:${appId}:${openId}`;
  }

  /** What is cached for the user, or undefined. */
  async get(appId: string, openId: string): Promise<CachedUnionId | undefined> {
    let value: unknown;
    try {
      value = await this.redis.call('GET', this.key(appId, openId));
    } catch (error) {
      throw enricherRetriable('ENRICHER_CACHE_UNAVAILABLE', { appId, op: 'get' }, error);
    }
    if (typeof value !== 'string') return undefined;
    if (value.startsWith(NONE_MARK)) return { kind: 'none', reason: value.slice(NONE_MARK.length) };
    return { kind: 'unionid', unionId: value };
  }

  /** Stores an answer; resolves false when Redis did not take it. */
  async remember(appId: string, openId: string, entry: CachedUnionId): Promise<boolean> {
    const ttl =
      entry.kind === 'unionid' ? this.options.ttlSeconds : this.options.noUnionIdTtlSeconds;
    if (ttl <= 0) return true;
    const value = entry.kind === 'unionid' ? entry.unionId : `${NONE_MARK}${entry.reason}`;
    try {
      await this.redis.call('SET', this.key(appId, openId), value, 'EX', ttl);
      return true;
    } catch {
      return false;
    }
  }

  /** Deletes what is kept about the user; failures are retriable (WeChat's rules require it). */
  async forget(appId: string, openId: string): Promise<boolean> {
    try {
      return (await this.redis.call('DEL', this.key(appId, openId))) === 1;
    } catch (error) {
      throw enricherRetriable('ENRICHER_CACHE_UNAVAILABLE', { appId, op: 'del' }, error);
    }
  }
}
