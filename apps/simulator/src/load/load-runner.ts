import { performance } from 'node:perf_hooks';
import { RandomSource } from '../pushes/random-source';
import type { SendOutcome, Sender } from '../wire/http-sender';
import type { WirePush } from '../wire/wire-push';

/** How hard and how long to push. Without `rate`, `concurrency` requests are kept in flight. */
export interface LoadPlan {
  /** Target requests per second, sent on schedule whatever the answers (open loop). */
  rate?: number;
  /** Requests kept in flight, each sent when the previous answers (closed loop). Default 1. */
  concurrency?: number;
  /** Stop after this many requests, retries included. */
  count?: number;
  /** Stop after this long. */
  durationMs?: number;
  /** Share (0..1) of requests that resend an answered push unchanged, as WeChat's retries do. */
  retryShare?: number;
  /** In rate mode, the most requests in flight before the schedule waits. Default 1,024. */
  maxInFlight?: number;
  seed?: number;
  /** Stops sending (in-flight requests still finish), e.g. on Ctrl-C. */
  signal?: AbortSignal;
}

/** One request and its answer. */
export interface LoadResult {
  wire: WirePush;
  retry: boolean;
  outcome: SendOutcome;
}

/** Where new pushes come from; `undefined` when a finite source (the samples) runs out. */
export type PushSource = () => WirePush | undefined;

const RECENT = 1024;

/** Beyond this many waiting requests a load run measures its own backlog, not the gateway. */
export const DEFAULT_MAX_IN_FLIGHT = 1024;

/** Runs one load: sends pushes from `source` through `send` as `plan` says, reporting each. */
export async function runLoad(
  plan: LoadPlan,
  source: PushSource,
  send: Sender,
  onResult: (result: LoadResult) => void,
): Promise<{ elapsedMs: number }> {
  const run = new LoadRun(plan, source, send, onResult);
  const started = performance.now();
  await (plan.rate === undefined ? run.closedLoop(plan.concurrency ?? 1) : run.openLoop(plan.rate));
  await run.drain();
  return { elapsedMs: performance.now() - started };
}

class LoadRun {
  private issued = 0;
  private inFlight = 0;
  private exhausted = false;
  private failure: Error | undefined;
  private readonly pending = new Set<Promise<void>>();
  private readonly recent: WirePush[] = [];
  private readonly rng: RandomSource;
  private readonly started = performance.now();

  constructor(
    private readonly plan: LoadPlan,
    private readonly source: PushSource,
    private readonly send: Sender,
    private readonly onResult: (result: LoadResult) => void,
  ) {
    this.rng = new RandomSource(plan.seed === undefined ? undefined : plan.seed + 1);
  }

  async closedLoop(concurrency: number): Promise<void> {
    const worker = async (): Promise<void> => {
      for (let next = this.take(); next; next = this.take()) await this.sendOne(next);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  async openLoop(rate: number): Promise<void> {
    const maxInFlight = this.plan.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    while (!this.stopped()) {
      const due = Math.floor(((performance.now() - this.started) * rate) / 1000) + 1 - this.issued;
      for (let i = 0; i < due && this.inFlight < maxInFlight; i++) {
        const next = this.take();
        if (!next) break;
        this.track(this.sendOne(next));
      }
      const nextAt = this.started + (this.issued * 1000) / rate;
      await sleep(Math.min(Math.max(nextAt - performance.now(), 1), 50));
    }
  }

  /** Waits for every request still in flight; rethrows a failure of `onResult`. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    if (this.failure !== undefined) throw this.failure;
  }

  private take(): { wire: WirePush; retry: boolean } | undefined {
    if (this.stopped()) return undefined;
    const retry = this.recent.length > 0 && this.rng.chance(this.plan.retryShare ?? 0);
    const wire = retry ? this.rng.pick(this.recent) : this.source();
    if (!wire) {
      this.exhausted = true;
      return undefined;
    }
    this.issued++;
    return { wire, retry };
  }

  private async sendOne({ wire, retry }: { wire: WirePush; retry: boolean }): Promise<void> {
    this.inFlight++;
    const outcome = await this.send(wire);
    this.inFlight--;
    // Only answered pushes are resent, as WeChat resends a push whose answer it missed; a
    // resend racing its original would earn the gateway's 503 "in flight" instead.
    if (!retry) this.remember(wire);
    this.onResult({ wire, retry, outcome });
  }

  private track(task: Promise<void>): void {
    this.pending.add(task);
    const done = () => this.pending.delete(task);
    void task.then(done, (error: unknown) => {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
      done();
    });
  }

  private remember(wire: WirePush): void {
    if (this.recent.length < RECENT) this.recent.push(wire);
    else this.recent[this.rng.int(0, RECENT - 1)] = wire;
  }

  private stopped(): boolean {
    const { count, durationMs, signal } = this.plan;
    if (this.exhausted || this.failure !== undefined || signal?.aborted) return true;
    if (count !== undefined && this.issued >= count) return true;
    return durationMs !== undefined && performance.now() - this.started >= durationMs;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
