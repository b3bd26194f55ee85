import { Logger } from '@nestjs/common';
import { TokenError } from '../token-errors';
import type { TokenRefresher } from './token-refresher';

/** Asks the refresher, every interval, whether any account's token is due. */
export class RefreshScheduler {
  private readonly logger = new Logger(RefreshScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly refresher: TokenRefresher,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the loop and waits for a round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => this.schedule(this.intervalMs));
    }, delayMs);
  }

  private async round(): Promise<void> {
    for (const appId of this.refresher.appIds()) {
      if (this.stopped) return;
      try {
        await this.refresher.refreshIfDue(appId);
      } catch (error) {
        // TokenErrors are logged by the refresher with their errcode; the rest is Redis.
        // Either way the next round tries again.
        if (!(error instanceof TokenError)) {
          this.logger.warn({ appId, error: error instanceof Error ? error.message : 'unknown' });
        }
      }
    }
  }
}
