/** Options of {@link PublishBatcher}. */
export interface PublishBatcherOptions {
  /** How long the first waiting message waits for company before its batch is sent (ms). */
  lingerMs: number;
  /** A batch this large is sent at once, without waiting for the linger. */
  maxBatchSize: number;
  /** Batches sent at the same time; the rest wait, collecting more messages meanwhile. */
  maxInFlight: number;
}

interface Entry<T> {
  item: T;
  abandoned: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A message waiting in a {@link PublishBatcher}; abandon it to keep it from being sent. */
export interface PendingPublish {
  done: Promise<void>;
  abandon(): void;
}

/**
 * Groups concurrent publishes into batches: the first message waits up to `lingerMs` (or
 * until `maxBatchSize` arrive) and one `send` carries them all; each caller's promise settles
 * with the batch that carried its message. Pure scheduling: `send` does the I/O.
 */
export class PublishBatcher<T> {
  private queue: Entry<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;

  constructor(
    private readonly options: PublishBatcherOptions,
    private readonly send: (items: T[]) => Promise<void>,
  ) {}

  /** Queues one message; `done` settles once the batch carrying it is acknowledged. */
  add(item: T): PendingPublish {
    let entry!: Entry<T>;
    const done = new Promise<void>((resolve, reject) => {
      entry = { item, abandoned: false, resolve, reject };
    });
    this.queue.push(entry);
    this.schedule();
    return { done, abandon: () => void (entry.abandoned = true) };
  }

  /** Messages waiting for a batch, not yet handed to `send`. */
  get pending(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.queue.length >= this.options.maxBatchSize) return this.flush();
    this.timer ??= setTimeout(() => this.flush(), this.options.lingerMs);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.queue.splice(0, this.options.maxBatchSize).filter((e) => !e.abandoned);
      if (batch.length > 0) void this.sendBatch(batch);
    }
  }

  private async sendBatch(batch: Entry<T>[]): Promise<void> {
    this.inFlight += 1;
    try {
      await this.send(batch.map((e) => e.item));
      batch.forEach((e) => e.resolve());
    } catch (error) {
      batch.forEach((e) => e.reject(error));
    } finally {
      this.inFlight -= 1;
      // Messages that arrived meanwhile already waited at least one round trip: send now.
      if (this.queue.length > 0) this.flush();
    }
  }
}
