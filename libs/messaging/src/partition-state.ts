import { defaultMaxListeners, setMaxListeners } from 'node:events';
import { CommitTracker } from './commit-tracker';
import { KeyScheduler } from './key-scheduler';

/**
 * What the consumer holds for one assigned partition: the records it admitted (commit
 * tracker), the per-key scheduler running them, and why fetching it is paused.
 */
export class PartitionState {
  readonly tracker = new CommitTracker();
  readonly scheduler: KeyScheduler;
  readonly abort = new AbortController();
  /** Offset last committed by this consumer. */
  committed: string | undefined;
  /** The high watermark seen by the last fetch. */
  highWatermark: string | undefined;
  /** Whether fetching is paused right now, as last told to kafkajs. */
  paused = false;
  private waiting = 0;

  constructor(
    readonly topic: string,
    readonly partition: number,
    concurrency: number,
    private readonly maxBuffered: number,
  ) {
    this.scheduler = new KeyScheduler(concurrency);
    // Each running record may wait on this signal (backoff, probe turn), one wait at a time:
    // up to `concurrency` listeners is normal; the warning stays for anything beyond, a leak.
    setMaxListeners(Math.max(concurrency, defaultMaxListeners), this.abort.signal);
  }

  /** Counts a record that starts (+1) or stops (-1) waiting for a retry. */
  waitingChanged(delta: 1 | -1): void {
    this.waiting += delta;
  }

  /** Fetching stops while a record waits for a retry or too many records are buffered. */
  wantsPause(): boolean {
    return this.waiting > 0 || this.tracker.pending >= this.maxBuffered;
  }

  /** Records between the committable offset and the high watermark. */
  lag(): number | undefined {
    const next = this.tracker.committable() ?? this.committed;
    if (this.highWatermark === undefined || next === undefined) return undefined;
    const lag = BigInt(this.highWatermark) - BigInt(next);
    return Number(lag < 0n ? 0n : lag);
  }

  /** Stops this partition's work: queued records are dropped, retry waits end. */
  revoke(): void {
    this.abort.abort();
    this.scheduler.stop();
  }
}

/** Waits for `work` at most `timeoutMs`; whatever is unfinished then is left behind. */
export async function settleWithin(work: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([work, deadline]);
  clearTimeout(timer);
}
