/** A unit of work for one record; the scheduler awaits it and never sees its outcome. */
export type ScheduledTask = () => Promise<void>;

/**
 * Runs tasks with the same key one after the other, in arrival order, and tasks with
 * different keys concurrently, at most `concurrency` at a time, so one slow key does not hold
 * up the others. A `null` key orders nothing: each such task is independent.
 */
export class KeyScheduler {
  private readonly queues = new Map<string | symbol, ScheduledTask[]>();
  // Keys whose head task waits for a free slot, in the order they became ready.
  private readonly ready: (string | symbol)[] = [];
  private running = 0;
  private queued = 0;
  private stopped = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError('concurrency must be a positive integer');
    }
  }

  /** Queues a task behind earlier tasks of the same key. */
  schedule(key: string | null, task: ScheduledTask): void {
    if (this.stopped) return;
    const slot = key ?? Symbol('unkeyed');
    const queue = this.queues.get(slot);
    this.queued += 1;
    if (queue) {
      queue.push(task);
      return;
    }
    this.queues.set(slot, [task]);
    this.ready.push(slot);
    this.pump();
  }

  /** Tasks started and not finished. */
  get inFlight(): number {
    return this.running;
  }

  /** Tasks accepted and not finished, running or waiting. */
  get size(): number {
    return this.queued;
  }

  /** Drops every task that has not started; running ones finish. */
  stop(): void {
    this.stopped = true;
    const notStarted = new Set(this.ready.splice(0));
    for (const [key, queue] of this.queues) {
      const keep = notStarted.has(key) ? 0 : 1;
      this.queued -= queue.length - keep;
      if (keep === 0) this.queues.delete(key);
      else queue.splice(1);
    }
    this.notifyIdle();
  }

  /** Resolves once no task runs (and, unless stopped, none waits). */
  idle(): Promise<void> {
    if (this.queued === 0 || (this.stopped && this.running === 0)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (!this.stopped && this.running < this.concurrency && this.ready.length > 0) {
      const key = this.ready.shift()!;
      const task = this.queues.get(key)![0];
      this.running += 1;
      void this.run(key, task);
    }
  }

  private async run(key: string | symbol, task: ScheduledTask): Promise<void> {
    try {
      await task();
    } catch {
      // Tasks report their own outcome; a throw here must not stall the key.
    } finally {
      this.running -= 1;
      this.queued -= 1;
      this.advance(key);
      this.pump();
      this.notifyIdle();
    }
  }

  private advance(key: string | symbol): void {
    const queue = this.queues.get(key)!;
    queue.shift();
    if (queue.length === 0 || this.stopped) {
      this.queues.delete(key);
      return;
    }
    this.ready.push(key);
  }

  private notifyIdle(): void {
    if (this.queued > 0 && !(this.stopped && this.running === 0)) return;
    this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }
}
