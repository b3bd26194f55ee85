import type { Redis } from 'ioredis';
import { tryLock, unlock } from '../redis-scripts';

/** The token a central control server hands out for one account. */
export interface CenterRecord {
  token: string;
  /** Epoch ms at which WeChat stops accepting the token. */
  expiresAt: number;
  /** Epoch ms of the last fetch that produced or confirmed it. */
  checkedAt: number;
}

/** Redis state of the token-center: one record, one refresh lock and two rate gates per account. */
export class CenterTokenStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly owner: string,
  ) {}

  async read(appId: string): Promise<CenterRecord | undefined> {
    const raw = await this.redis.get(this.key(appId, 'current'));
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as CenterRecord;
    } catch {
      return undefined;
    }
  }

  /** Keeps the record a minute past its expiry so that late reports can still be compared. */
  async write(appId: string, record: CenterRecord): Promise<void> {
    const ttlMs = Math.max(1_000, record.expiresAt - Date.now() + 60_000);
    await this.redis.set(this.key(appId, 'current'), JSON.stringify(record), 'PX', ttlMs);
  }

  lock(appId: string, ttlMs: number): Promise<boolean> {
    return tryLock(this.redis, this.key(appId, 'refresh-lock'), this.owner, ttlMs);
  }

  unlock(appId: string): Promise<void> {
    return unlock(this.redis, this.key(appId, 'refresh-lock'), this.owner);
  }

  /** True at most once per interval per account, across replicas. */
  async passGate(appId: string, gate: string, intervalMs: number): Promise<boolean> {
    return (await this.redis.set(this.key(appId, gate), '1', 'PX', intervalMs, 'NX')) === 'OK';
  }

  /** Counts one force refresh of today; true while the day's allowance lasts. */
  async takeDaily(appId: string, what: string, limit: number): Promise<boolean> {
    const key = this.key(appId, `${what}:${new Date().toISOString().slice(0, 10)}`);
    const [[, used]] = (await this.redis.multi().incr(key).pexpire(key, 86_400_000).exec()) as [
      [unknown, number],
    ];
    return used <= limit;
  }

  /** Remembers a failed fetch so that neither callers nor the loop retry before `ms`. */
  async markFailure(appId: string, ms: number): Promise<void> {
    if (ms > 0) await this.redis.set(this.key(appId, 'failure'), '1', 'PX', ms);
  }

  async coolingDown(appId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(appId, 'failure'))) === 1;
  }

  private key(appId: string, what: string): string {
    return `${this.prefix}{${appId}}:${what}`;
  }
}
