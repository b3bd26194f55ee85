import { Logger } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { StableTokenSource } from '../stable-token-source';
import { TokenError } from '../token-errors';
import type { CenterRecord, CenterTokenStore } from './center-token-store';
import type { CenterMetrics } from './center-metrics';

/** What one refresh attempt came to. */
export type RefreshOutcome =
  | 'refreshed' // a new token is stored
  | 'unchanged' // WeChat confirmed the token already stored
  | 'not-due' // the stored token is fresh enough
  | 'stale' // the reported token is no longer the current one
  | 'busy' // another replica holds the refresh lock
  | 'rate-limited' // an invalid report came too soon after the last one
  | 'cooling-down'; // a recent fetch failed; nobody fetches again before the cooldown ends

/** Timings and limits of the token-center. */
export interface RefresherSettings {
  refreshAheadMs: number;
  /** While due, how often WeChat is asked again when it keeps confirming the same token. */
  recheckMs: number;
  lockTtlMs: number;
  invalidMinIntervalMs: number;
  maxForceRefreshPerDay: number;
  /** After a failed fetch, so that a wrong secret cannot burn WeChat's quota. */
  failureCooldownMs: number;
}

/**
 * Keeps each credentials account's token fresh in Redis through `stable_token`. Every refresh
 * runs under a Redis lock and re-reads the record inside it, so among replicas exactly one
 * fetches and the others find its result.
 */
export class TokenRefresher {
  private readonly logger = new Logger(TokenRefresher.name);

  constructor(
    private readonly store: CenterTokenStore,
    private readonly sources: ReadonlyMap<string, StableTokenSource>,
    private readonly settings: RefresherSettings,
    private readonly metrics: CenterMetrics,
  ) {}

  /** AppIds this center serves. */
  appIds(): string[] {
    return [...this.sources.keys()];
  }

  serves(appId: string): boolean {
    return this.sources.has(appId);
  }

  /** The current valid token, refreshing (or waiting for the replica that does) if needed. */
  async current(appId: string, waitMs: number): Promise<CenterRecord | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const record = await this.store.read(appId);
      if (record && record.expiresAt > Date.now()) return record;
      const outcome = await this.refreshIfDue(appId);
      if (outcome === 'cooling-down' || Date.now() > deadline) return undefined;
      if (outcome === 'busy') await delay(25);
    }
  }

  /** Refreshes the account's token if it is missing or near its end. */
  async refreshIfDue(appId: string): Promise<RefreshOutcome> {
    if (!this.isDue(await this.store.read(appId))) return 'not-due';
    if (await this.store.coolingDown(appId)) return 'cooling-down';
    return this.underLock(appId, async () => {
      const record = await this.store.read(appId);
      return this.isDue(record) ? this.fetch(appId, false, record) : 'not-due';
    });
  }

  /**
   * A caller saw `token` rejected. Refreshes only if it is still the current token, at most
   * once per interval; a force refresh only if WeChat keeps handing out the same token.
   */
  async reportInvalid(appId: string, token: string): Promise<RefreshOutcome> {
    const record = await this.store.read(appId);
    if (record?.token !== token) return 'stale';
    if (!(await this.store.passGate(appId, 'invalid-gate', this.settings.invalidMinIntervalMs))) {
      return 'rate-limited';
    }
    return this.underLock(appId, async () => {
      const again = await this.store.read(appId);
      if (again?.token !== token) return 'stale';
      const outcome = await this.fetch(appId, false, again);
      if (outcome !== 'unchanged') return outcome;
      const allowed = await this.store.takeDaily(
        appId,
        'force',
        this.settings.maxForceRefreshPerDay,
      );
      return allowed ? this.fetch(appId, true, again) : outcome;
    });
  }

  private isDue(record: CenterRecord | undefined): boolean {
    if (!record) return true;
    const now = Date.now();
    if (record.expiresAt <= now) return true;
    const near = record.expiresAt - now <= this.settings.refreshAheadMs;
    return near && now - record.checkedAt >= this.settings.recheckMs;
  }

  private async underLock(
    appId: string,
    work: () => Promise<RefreshOutcome>,
  ): Promise<RefreshOutcome> {
    if (!(await this.store.lock(appId, this.settings.lockTtlMs))) return 'busy';
    try {
      return await work();
    } finally {
      await this.store.unlock(appId).catch(() => undefined);
    }
  }

  private async fetch(
    appId: string,
    force: boolean,
    previous?: CenterRecord,
  ): Promise<RefreshOutcome> {
    const source = this.sources.get(appId);
    if (!source)
      throw new TokenError('TOKEN_ACCOUNT_UNCONFIGURED', 'account not served', { appId });
    try {
      const fetched = await source.fetch(force);
      const now = Date.now();
      const expiresAt = now + (fetched.expiresInSec ?? 7_200) * 1_000;
      await this.store.write(appId, { token: fetched.token, expiresAt, checkedAt: now });
      const outcome = previous?.token === fetched.token ? 'unchanged' : 'refreshed';
      this.metrics.refreshed(appId, force ? `${outcome}-forced` : outcome);
      this.logger.log({ appId, outcome, force, expiresInSec: fetched.expiresInSec });
      return outcome;
    } catch (error) {
      const code = error instanceof TokenError ? error.code : 'TOKEN_SOURCE_UNREACHABLE';
      const errcode = error instanceof TokenError ? error.fields.errcode : undefined;
      await this.store.markFailure(appId, this.settings.failureCooldownMs).catch(() => undefined);
      this.metrics.refreshed(appId, 'failed');
      this.metrics.wechatError(appId, typeof errcode === 'number' ? String(errcode) : code);
      this.logger.warn({ appId, code, errcode, force });
      throw error;
    }
  }
}
