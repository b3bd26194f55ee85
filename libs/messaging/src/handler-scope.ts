import { AsyncLocalStorage } from 'node:async_hooks';

interface Scope {
  lastClassified?: Error;
}

const storage = new AsyncLocalStorage<Scope>();

/**
 * Runs one handler attempt, in a scope that remembers the last RetriableError or
 * PermanentError created inside it when `scoped`. Nest's default RPC exception filter replaces
 * whatever a handler throws by `{ status: 'error' }`; the scope lets the consumer still tell a
 * retriable failure from a permanent one when an app did not add {@link KafkaHandlerErrorFilter}.
 * Unscoped is the fast path: on Node 20 a first `AsyncLocalStorage.run` turns on promise hooks
 * for the whole process, which cost the enricher about 5% of its CPU for nothing when every
 * handler is declared with `@KafkaHandler`. The consumer turns scoping on at the first masked
 * error and runs that attempt again, scoped; the handler of that one record runs twice.
 */
export async function runInHandlerScope<T>(
  work: () => Promise<T>,
  scoped: boolean,
): Promise<{ result: T } | { error: unknown; lastClassified?: Error }> {
  const scope: Scope = {};
  try {
    return { result: await (scoped ? storage.run(scope, work) : work()) };
  } catch (error) {
    return { error, lastClassified: scope.lastClassified };
  }
}

/** Called by RetriableError and PermanentError when they are created. */
export function noteClassifiedError(error: Error): void {
  const scope = storage.getStore();
  if (scope) scope.lastClassified = error;
}
