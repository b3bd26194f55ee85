type OnAbort = (reason: unknown) => void;

/**
 * One 'abort' listener per signal, however many requests wait on it: the dispatcher shares one
 * shutdown signal across hundreds of requests in flight, and a listener each would trip Node's
 * EventTarget leak warning and cost an add and a remove per request.
 */
export class AbortFanout {
  private readonly watchers = new WeakMap<AbortSignal, Set<OnAbort>>();

  /** Calls `onAbort` once if `signal` aborts before the returned function is called. */
  watch(signal: AbortSignal, onAbort: OnAbort): () => void {
    let set = this.watchers.get(signal);
    if (!set) {
      const created = new Set<OnAbort>();
      set = created;
      this.watchers.set(signal, created);
      signal.addEventListener(
        'abort',
        () => {
          this.watchers.delete(signal);
          for (const watcher of created) watcher(signal.reason);
        },
        { once: true },
      );
    }
    const watchers = set;
    watchers.add(onAbort);
    return () => watchers.delete(onAbort);
  }
}
