import { QT_RESPONSE_CODE_LIST, type QtResponseCode } from '@oa-relay/qt';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/** The sandbox's fault switches: they make it fail the way QT and the way to it can fail. */
export const faultsSchema = z
  .object({
    /** Added to every answer. */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    /** Share of requests answered 500, 0..1. */
    errorRate: z.number().min(0).max(1).default(0),
    /** Every request answered 503. */
    outage: z.boolean().default(false),
    /** Every request answered this QT code, unchecked and unstored. */
    forceCode: z.enum(QT_RESPONSE_CODE_LIST as [QtResponseCode, ...QtResponseCode[]]).optional(),
  })
  .strict();

/** The state of the fault switches. */
export type Faults = z.infer<typeof faultsSchema>;

/** What one request meets. */
export type FaultDecision =
  { kind: 'none' } | { kind: 'http'; status: 500 | 503 } | { kind: 'force'; code: QtResponseCode };

/** No fault at all. */
export const NO_FAULTS: Faults = { latencyMs: 0, errorRate: 0, outage: false };

// Replicas re-read the switches this often; the one that was told applies them at once.
const REFRESH_MS = 250;

/** The fault switches, kept in Redis so that every replica of the sandbox fails alike. */
export class FaultSwitches {
  private current: Faults;
  private readAt = 0;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    initial: Faults,
  ) {
    this.current = initial;
  }

  /** Seeds Redis with the configured switches unless a replica already set them. */
  async seed(): Promise<void> {
    await connected(this.redis);
    await this.redis.set(this.key, JSON.stringify(this.current), 'NX');
    await this.refresh(true);
  }

  /** The switches now, re-read from Redis when the cached copy is old. */
  async get(): Promise<Faults> {
    await this.refresh(false);
    return this.current;
  }

  /** Replaces the switches for every replica. */
  async set(faults: Faults): Promise<Faults> {
    await this.redis.set(this.key, JSON.stringify(faults));
    this.current = faults;
    this.readAt = Date.now();
    return faults;
  }

  /** What a request meets under `faults`; `random` is injectable for tests. */
  static decide(faults: Faults, random: () => number = Math.random): FaultDecision {
    if (faults.outage) return { kind: 'http', status: 503 };
    if (faults.errorRate > 0 && random() < faults.errorRate) return { kind: 'http', status: 500 };
    if (faults.forceCode) return { kind: 'force', code: faults.forceCode };
    return { kind: 'none' };
  }

  private async refresh(force: boolean): Promise<void> {
    if (!force && Date.now() - this.readAt < REFRESH_MS) return;
    this.readAt = Date.now();
    const stored = await this.redis.get(this.key);
    const parsed = stored ? faultsSchema.safeParse(JSON.parse(stored)) : undefined;
    if (parsed?.success) this.current = parsed.data;
  }
}

// The shared client fails fast instead of queueing, so boot waits for it to connect.
async function connected(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return;
  await once(redis, 'ready', { signal: AbortSignal.timeout(timeoutMs) });
}
