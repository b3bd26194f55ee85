import { RedisCommandBatcher } from '@oa-relay/redis';
import type { Redis } from 'ioredis';
import type { AcceptedPush } from './request-verifier';

/** An accepted push as stored: decoded, with the sandbox's id and when it arrived. */
export interface StoredEvent extends AcceptedPush {
  /** A counter shared by every replica: the order in which the sandbox accepted events. */
  id: string;
  receivedAt: string;
}

/** Filters of {@link SandboxStore.events}; times are the push's CreateTime, epoch seconds. */
export interface EventQuery {
  code?: string;
  account?: string;
  since?: number;
  until?: number;
  limit: number;
}

/** Counts by QT event code and by response code (QT codes, or HTTP_5xx for injected faults). */
export interface SandboxStats {
  events: Record<string, number>;
  responses: Record<string, number>;
  totals: { events: number; requests: number };
}

const TRIM_EVERY = 500;

/**
 * The sandbox's memory, in Redis so that restarts and replicas agree: each event once in a
 * hash, indexed by push time in sorted sets (all, per code, per account), and two counters.
 */
export class SandboxStore {
  // Every request writes twice (the id, then the event); the batcher sends the writes of all
  // requests in one event-loop turn as one pipeline, as a dispatcher under load needs.
  private readonly batched: RedisCommandBatcher;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly maxEvents: number,
  ) {
    this.batched = new RedisCommandBatcher(redis);
  }

  /** Stores an accepted push and counts it and its answer; returns the stored event. */
  async add(push: AcceptedPush, receivedAt: Date, responseCode: string): Promise<StoredEvent> {
    const id = String(await this.batched.call('INCR', this.key('seq')));
    const event: StoredEvent = { id, receivedAt: receivedAt.toISOString(), ...push };
    const score = pushTimeSeconds(push, receivedAt);

    await this.batched.transaction([
      ['HSET', this.key('data'), id, JSON.stringify(event)],
      ['ZADD', this.key('idx:all'), score, id],
      ['ZADD', this.key(`idx:code:${push.code}`), score, id],
      ['ZADD', this.key(`idx:account:${push.appId}`), score, id],
      ['HINCRBY', this.key('stats:events'), push.code, 1],
      ['HINCRBY', this.key('stats:responses'), responseCode, 1],
    ]);
    if (Number(id) % TRIM_EVERY === 0) await this.trim();
    return event;
  }

  /** Counts one answer by its response code. */
  async countResponse(code: string): Promise<void> {
    await this.batched.call('HINCRBY', this.key('stats:responses'), code, 1);
  }

  /** The newest events (by push time) matching the filters. */
  async events(query: EventQuery): Promise<StoredEvent[]> {
    const index = query.account
      ? `idx:account:${query.account}`
      : query.code
        ? `idx:code:${query.code}`
        : 'idx:all';
    const max = query.until ?? '+inf';
    const min = query.since ?? '-inf';
    // Filtering the account index by code in memory: fetch more so that `limit` can be met.
    const fetch = query.account && query.code ? query.limit * 20 : query.limit;
    const ids = await this.redis.zrevrangebyscore(this.key(index), max, min, 'LIMIT', 0, fetch);
    if (ids.length === 0) return [];

    const rows = await this.redis.hmget(this.key('data'), ...ids);
    const events = rows.flatMap((row) => (row ? [JSON.parse(row) as StoredEvent] : []));
    return events.filter((e) => !query.code || e.code === query.code).slice(0, query.limit);
  }

  /** Counts by event code and by response code. */
  async stats(): Promise<SandboxStats> {
    const [events, responses] = await Promise.all([
      this.redis.hgetall(this.key('stats:events')),
      this.redis.hgetall(this.key('stats:responses')),
    ]);
    const numbers = (hash: Record<string, string>) =>
      Object.fromEntries(Object.entries(hash).map(([k, v]) => [k, Number(v)]));
    const sum = (counts: Record<string, number>) =>
      Object.values(counts).reduce((a, b) => a + b, 0);
    const result = { events: numbers(events), responses: numbers(responses) };
    return { ...result, totals: { events: sum(result.events), requests: sum(result.responses) } };
  }

  /** Drops the oldest events beyond the cap, with their index entries. */
  private async trim(): Promise<void> {
    const excess = (await this.redis.zcard(this.key('idx:all'))) - this.maxEvents;
    if (excess <= 0) return;
    const ids = await this.redis.zrange(this.key('idx:all'), 0, excess - 1);
    const rows = await this.redis.hmget(this.key('data'), ...ids);

    const multi = this.redis
      .multi()
      .zrem(this.key('idx:all'), ...ids)
      .hdel(this.key('data'), ...ids);
    rows.forEach((row, i) => {
      if (!row) return;
      const event = JSON.parse(row) as StoredEvent;
      multi.zrem(this.key(`idx:code:${event.code}`), ids[i]);
      multi.zrem(this.key(`idx:account:${event.appId}`), ids[i]);
    });
    await multi.exec();
  }

  /** The Redis key of `name` under this sandbox's prefix. */
  key(name: string): string {
    return `${this.prefix}:${name}`;
  }
}

function pushTimeSeconds(push: AcceptedPush, receivedAt: Date): number {
  const seconds = Number(push.createTime);
  return /^\d{1,12}$/.test(push.createTime) ? seconds : Math.floor(receivedAt.getTime() / 1000);
}
