/** Settings of a {@link LookupCoalescer}. */
export interface CoalescerOptions {
  /** How long the first key of a batch waits for company (ms). */
  windowMs: number;
  /** A batch is sent as soon as it holds this many keys. */
  maxBatchSize: number;
}

/** Answers one batch of keys; keys missing from the map reject with `missing(key)`. */
export type BatchRunner<V> = (keys: string[]) => Promise<ReadonlyMap<string, V>>;

interface Waiter<V> {
  promise: Promise<V>;
  resolve(value: V): void;
  reject(error: unknown): void;
}

/**
 * Coalesces single-key lookups into batches: keys asked within `windowMs` of the first one, up
 * to `maxBatchSize`, go out together. A full batch goes at once; a partial one also waits for
 * the answer of any batch still in flight (as Nagle's algorithm does), because keys keep
 * arriving while the upstream is slow and a burst would otherwise leave in many thin batches.
 * A key already queued or in flight joins that lookup instead of asking again. A failed batch
 * fails every waiter of it; nothing is retried here.
 */
export class LookupCoalescer<V> {
  private queued: string[] = [];
  private readonly waiters = new Map<string, Waiter<V>>();
  private timer: NodeJS.Timeout | undefined;
  private windowEnded = false;
  private inFlight = 0;

  constructor(
    private readonly options: CoalescerOptions,
    private readonly run: BatchRunner<V>,
    private readonly missing: (key: string) => Error = (key) =>
      new Error(`the batch gave no answer for a key (${key.length} characters)`),
  ) {}

  /** Batches sent and not yet answered. */
  get batchesInFlight(): number {
    return this.inFlight;
  }

  /** The answer for one key, looked up together with the keys asked around the same time. */
  lookup(key: string): Promise<V> {
    const known = this.waiters.get(key);
    if (known) return known.promise;

    const waiter = deferred<V>();
    this.waiters.set(key, waiter);
    this.queued.push(key);
    if (this.queued.length >= this.options.maxBatchSize) this.flush();
    else this.timer ??= setTimeout(() => this.endWindow(), this.options.windowMs);
    return waiter.promise;
  }

  /** Sends whatever is queued now, without waiting for the window or a batch in flight. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.windowEnded = false;
    const keys = this.queued;
    this.queued = [];
    if (keys.length > 0) void this.send(keys);
  }

  private endWindow(): void {
    this.timer = undefined;
    if (this.inFlight === 0) this.flush();
    else this.windowEnded = true;
  }

  private async send(keys: string[]): Promise<void> {
    this.inFlight += 1;
    try {
      const answers = await this.run(keys);
      for (const key of keys) {
        const answer = answers.get(key);
        if (answer === undefined) this.settle(key, (w) => w.reject(this.missing(key)));
        else this.settle(key, (w) => w.resolve(answer));
      }
    } catch (error) {
      for (const key of keys) this.settle(key, (w) => w.reject(error));
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0 && this.windowEnded) this.flush();
    }
  }

  private settle(key: string, how: (waiter: Waiter<V>) => void): void {
    const waiter = this.waiters.get(key);
    if (!waiter) return;
    this.waiters.delete(key);
    how(waiter);
  }
}

function deferred<V>(): Waiter<V> {
  let resolve!: (value: V) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<V>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
