import { isCodedError } from '@oa-relay/observability';
import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import { MessagingError, PermanentError, RetriableError } from './messaging-errors';

/** What a handler's failure means for its record. */
export type Failure =
  | { kind: 'retriable'; code: string; message: string }
  | { kind: 'permanent'; code: string; message: string; qt?: { code: string; message: string } }
  | { kind: 'bug'; code: 'INTERNAL_ERROR'; message: string; masked: boolean };

// A handler's own publish failing is infrastructure: retry, never dead-letter.
const RETRIABLE_MESSAGING_CODES = new Set([
  'MESSAGING_PUBLISH_TIMEOUT',
  'MESSAGING_BROKER_UNAVAILABLE',
  'MESSAGING_PUBLISH_FAILED',
]);

/**
 * Sorts a thrown value into retriable, permanent or a bug (bounded retries, then
 * INTERNAL_ERROR). `lastClassified` stands in for an error Nest's default filter masked.
 */
export function classifyFailure(error: unknown, lastClassified?: Error): Failure {
  if (!(error instanceof Error) && lastClassified) return classifyFailure(lastClassified);
  if (error instanceof RetriableError) {
    return { kind: 'retriable', code: String(error.code), message: error.message };
  }
  if (error instanceof MessagingError && RETRIABLE_MESSAGING_CODES.has(error.code)) {
    return { kind: 'retriable', code: error.code, message: error.message };
  }
  if (error instanceof PermanentError) {
    const { qt } = error as PermanentError;
    return { kind: 'permanent', code: String(error.code), message: error.message, qt };
  }
  if (error instanceof Error) {
    const prefix = isCodedError(error) ? `${error.code}: ` : `${error.name}: `;
    return {
      kind: 'bug',
      code: 'INTERNAL_ERROR',
      message: clip(prefix + error.message),
      masked: false,
    };
  }
  // Nest's default RPC exception filter replaces any error by { status, message }.
  return { kind: 'bug', code: 'INTERNAL_ERROR', message: 'handler failed', masked: true };
}

function clip(text: string): string {
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

/** Retry delays of the consumer. */
export interface BackoffOptions {
  /** First delay (ms), default 200. */
  initialDelayMs?: number;
  /** Cap (ms), default 30 s: retried without limit, never spinning. */
  maxDelayMs?: number;
}

/** Exponential backoff with decorrelated jitter (cockatiel), capped. */
export class RetryBackoff {
  private current: IBackoff<unknown> | undefined;
  private readonly factory: ExponentialBackoff<unknown>;

  constructor(options: BackoffOptions = {}) {
    this.factory = new ExponentialBackoff({
      initialDelay: options.initialDelayMs ?? 200,
      maxDelay: options.maxDelayMs ?? 30_000,
    });
  }

  /** The next delay (ms). */
  next(): number {
    this.current = this.current ? this.current.next(undefined) : this.factory.next();
    return this.current.duration;
  }
}

/** Waits `ms`, or less when the signal aborts; resolves false when aborted. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
