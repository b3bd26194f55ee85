/** Callbacks of {@link ProbeGate}: stop and restart fetching of every partition. */
export interface ProbeGateHooks {
  onPause(): void;
  onResume(): void;
}

/** Permission to run attempts; `probe` when it is the single slot of probing mode. */
export interface ProbeSlot {
  probe: boolean;
  release(): void;
}

/**
 * "Pause and probe" during a sustained outage: after `threshold` consecutive retriable
 * failures across the consumer, fetching stops and only one attempt at a time (the probe)
 * may run; the first attempt that does not fail retriably ends it and everything resumes.
 * A threshold of 0 turns the mode off.
 */
export class ProbeGate {
  private consecutive = 0;
  private probing = false;
  private probeRunning = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly threshold: number,
    private readonly hooks: ProbeGateHooks,
  ) {}

  /** True while the consumer is paused and probing. */
  get isProbing(): boolean {
    return this.probing;
  }

  /** Consecutive retriable failures since the last attempt that got an answer. */
  get consecutiveFailures(): number {
    return this.consecutive;
  }

  /**
   * Waits until an attempt may start and returns its slot, or undefined when the signal
   * aborted first. Outside probing every attempt may start at once; while probing, the one
   * holding the probe slot keeps it through its backoff until it releases it.
   */
  async acquire(signal: AbortSignal): Promise<ProbeSlot | undefined> {
    while (this.probing && this.probeRunning) {
      if (signal.aborted) return undefined;
      await this.waitForTurn(signal);
    }
    if (signal.aborted) return undefined;
    if (!this.probing) return { probe: false, release: () => undefined };
    this.probeRunning = true;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.probeRunning = false;
      this.wake(1);
    };
    return { probe: true, release };
  }

  /** Reports an attempt that failed retriably. */
  recordRetriable(): void {
    this.consecutive += 1;
    if (this.threshold > 0 && !this.probing && this.consecutive >= this.threshold) {
      this.probing = true;
      this.hooks.onPause();
    }
  }

  /** Reports an attempt that got an answer (success or permanent failure). */
  recordAnswer(): void {
    this.consecutive = 0;
    if (!this.probing) return;
    this.probing = false;
    this.hooks.onResume();
    this.wake(this.waiters.length);
  }

  /**
   * Waits to be woken or for the signal to abort, then forgets both: the signal is the
   * partition's and outlives the record, so a listener left on it would pile up (each wait
   * added one, hence MaxListenersExceededWarning under load), and an aborted waiter left in
   * the queue would swallow the wake-up meant for the next one.
   */
  private waitForTurn(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        const at = this.waiters.indexOf(done);
        if (at !== -1) this.waiters.splice(at, 1);
        resolve();
      };
      this.waiters.push(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private wake(count: number): void {
    this.waiters.splice(0, count).forEach((resolve) => resolve());
  }
}
