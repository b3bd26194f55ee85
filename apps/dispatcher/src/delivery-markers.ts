import type { Redis } from 'ioredis';
import { RedisCommandBatcher } from '@oa-relay/redis';

/** What the markers say about one event id. */
export interface MarkerState {
  /** QT answered success for it: it must not be sent again. */
  delivered: boolean;
  /** Its analytics event was acknowledged by Kafka. */
  published: boolean;
}

/**
 * Per-event markers in Redis that make redelivery (a restart, a rebalance, a retry after a
 * failed commit) skip the work that already succeeded. Kafka alone cannot: offsets are
 * committed every few hundred milliseconds, after the work. Commands of concurrent deliveries
 * share one pipeline per event-loop turn.
 */
export class DeliveryMarkers {
  private readonly redis: RedisCommandBatcher;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {
    this.redis = new RedisCommandBatcher(redis);
  }

  /** Reads both markers; rejects when Redis cannot answer (the caller retries). */
  async read(eventId: string): Promise<MarkerState> {
    const [delivered, published] = (await this.redis.call(
      'mget',
      this.key('delivered', eventId),
      this.key('published', eventId),
    )) as (string | null)[];
    return { delivered: delivered !== null, published: published !== null };
  }

  /** Records a success; resolves false when Redis refused it twice. */
  markDelivered(eventId: string): Promise<boolean> {
    return this.mark('delivered', eventId);
  }

  /** Records an acknowledged analytics event; resolves false when Redis refused it twice. */
  markPublished(eventId: string): Promise<boolean> {
    return this.mark('published', eventId);
  }

  /** The Redis key of a marker, for tests and operators. */
  key(kind: 'delivered' | 'published', eventId: string): string {
    return `${this.prefix}:${kind}:${eventId}`;
  }

  private async mark(kind: 'delivered' | 'published', eventId: string): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await this.redis.call('set', this.key(kind, eventId), Date.now(), 'EX', this.ttlSeconds);
        return true;
      } catch {
        // The client fails fast; one more try covers a reconnect in progress.
      }
    }
    return false;
  }
}
