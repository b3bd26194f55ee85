import type { RedisCommandBatcher } from '@oa-relay/redis';

/**
 * What Redis says about a push: first seen (`claimed`), already stored (`stored`), being
 * stored by another request right now (`in-flight`), or nothing because Redis is down.
 */
export type ClaimResult = 'claimed' | 'stored' | 'in-flight' | 'unavailable';

/** Options of {@link PushDedupe}. */
export interface PushDedupeOptions {
  prefix: string;
  /** How long a stored push is remembered: well above WeChat's retry span. */
  ttlSeconds: number;
  /** How long a claim lasts without confirmation: the publish deadline plus a margin. */
  pendingMs: number;
}

const PENDING = 'pending';
const STORED = 'stored';

/**
 * WeChat's retries, recognised in one atomic round trip (SET NX GET). A claim is only
 * `pending` until the broker acknowledged the push: a failed publish releases it, and an
 * unconfirmed claim expires quickly, so that a retry is never answered `success` for a push
 * that was not stored.
 */
export class PushDedupe {
  constructor(
    private readonly redis: RedisCommandBatcher,
    private readonly options: PushDedupeOptions,
  ) {}

  /** Claims a push by its dedupe key; never throws. */
  async claim(key: string): Promise<ClaimResult> {
    try {
      const previous = await this.redis.call(
        'SET',
        this.redisKey(key),
        PENDING,
        'PX',
        String(this.options.pendingMs),
        'NX',
        'GET',
      );
      if (previous === null) return 'claimed';
      return previous === STORED ? 'stored' : 'in-flight';
    } catch {
      return 'unavailable';
    }
  }

  /** Marks a claimed push as stored; false when Redis did not take it (a retry republishes). */
  async confirm(key: string): Promise<boolean> {
    try {
      await this.redis.call(
        'SET',
        this.redisKey(key),
        STORED,
        'EX',
        String(this.options.ttlSeconds),
      );
      return true;
    } catch {
      return false;
    }
  }

  /** Releases a claim whose push was not stored, so that WeChat's retry is published. */
  async release(key: string): Promise<void> {
    await this.redis.call('DEL', this.redisKey(key)).catch(() => undefined);
  }

  private redisKey(key: string): string {
    return `${this.options.prefix}:${key}`;
  }
}
