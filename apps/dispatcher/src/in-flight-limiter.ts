/**
 * Caps the requests to QT in flight across every partition. Without it, a dispatcher holding
 * hundreds of partitions' worth of concurrency can push QT's answers past the request timeout,
 * and a request that timed out but arrived is sent again: a copy, possibly out of order.
 */
export class InFlightLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError('limit must be a positive integer');
  }

  /** Runs `work` once fewer than `limit` others run, in arrival order. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Requests running now. */
  get inFlight(): number {
    return this.running;
  }
}
