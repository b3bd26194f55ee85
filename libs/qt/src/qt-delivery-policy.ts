import {
  circuitBreaker,
  ConsecutiveBreaker,
  CircuitState,
  ExponentialBackoff,
  handleWhenResult,
  isBrokenCircuitError,
  retry,
  type CircuitBreakerPolicy,
  type RetryPolicy,
} from 'cockatiel';
import { answerLabel, type QtAnswer, type QtRetriableReason } from './qt-answer';
import { QtClient } from './qt-client';
import type { QtClientMetrics, QtEndpointLabel } from './qt-metrics';

/** Settings of a {@link QtDeliveryPolicy}. */
export interface QtDeliveryOptions {
  /** `QT_ENDPOINT`. */
  endpoint: string;
  /** `QT_FALLBACK_ENDPOINT`, used while the primary is considered down. */
  fallbackEndpoint?: string;
  /** Requests per delivery, first one included, before giving up as unavailable. */
  maxAttempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Consecutive retriable answers from the primary after which requests go to the fallback. */
  failoverAfter?: number;
  /** How long the primary is left alone before one request tries it again. */
  primaryRetryAfterMs?: number;
  requestTimeoutMs?: number;
  /** Connections per endpoint; the dispatcher passes its in-flight cap so none waits for one. */
  maxSockets?: number;
  metrics?: QtClientMetrics;
}

/** How one delivery ended. `unavailable` is an outage: pause and probe, never dead-letter. */
export type QtDeliveryOutcome =
  | { kind: 'accepted'; attempts: number; endpoint: QtEndpointLabel }
  | { kind: 'rejected'; code: string; message: string; attempts: number; endpoint: QtEndpointLabel }
  | { kind: 'unavailable'; reason: QtRetriableReason; attempts: number };

interface Attempt {
  answer: QtAnswer;
  endpoint: QtEndpointLabel;
  attempts: number;
}

const isRetriableAnswer = (result: unknown): boolean => (result as QtAnswer).kind === 'retriable';
const isRetriableAttempt = (result: unknown): boolean =>
  isRetriableAnswer((result as Attempt).answer);

/**
 * Delivers signed bodies to QT: exponential backoff with decorrelated jitter between attempts
 * (cockatiel's default generator) and, once the primary has failed `failoverAfter` times in a
 * row, a circuit that sends requests to the fallback until a trial request finds the primary
 * well again. One instance is shared by every delivery so that the circuit sees all traffic.
 */
export class QtDeliveryPolicy {
  private readonly primary: QtClient;
  private readonly fallback?: QtClient;
  private readonly retry: RetryPolicy;
  private readonly breaker?: CircuitBreakerPolicy;
  private readonly metrics?: QtClientMetrics;

  constructor(options: QtDeliveryOptions) {
    const client = { timeoutMs: options.requestTimeoutMs, maxSockets: options.maxSockets };
    this.primary = new QtClient({ ...client, endpoint: options.endpoint });
    if (options.fallbackEndpoint) {
      this.fallback = new QtClient({ ...client, endpoint: options.fallbackEndpoint });
      this.breaker = circuitBreaker(handleWhenResult(isRetriableAnswer), {
        halfOpenAfter: options.primaryRetryAfterMs ?? 10_000,
        breaker: new ConsecutiveBreaker(options.failoverAfter ?? 3),
      });
    }
    this.retry = retry(handleWhenResult(isRetriableAttempt), {
      maxAttempts: Math.max(0, (options.maxAttempts ?? 5) - 1),
      backoff: new ExponentialBackoff({
        initialDelay: options.initialDelayMs ?? 100,
        maxDelay: options.maxDelayMs ?? 5_000,
      }),
    });
    this.metrics = options.metrics;
  }

  /** True while requests skip the primary for the fallback. */
  get failedOver(): boolean {
    return this.breaker !== undefined && this.breaker.state !== CircuitState.Closed;
  }

  /** Delivers one body; rejects only when `signal` aborts it (QT_DELIVERY_ABORTED). */
  async deliver(body: string, signal?: AbortSignal): Promise<QtDeliveryOutcome> {
    const last = await this.retry.execute(async ({ attempt }) => {
      if (attempt > 0) this.metrics?.retries.inc();
      return { ...(await this.attempt(body, signal)), attempts: attempt + 1 };
    }, signal);

    const { answer, endpoint, attempts } = last;
    switch (answer.kind) {
      case 'accepted':
        return { kind: 'accepted', attempts, endpoint };
      case 'rejected':
        return { kind: 'rejected', code: answer.code, message: answer.message, attempts, endpoint };
      case 'retriable':
        return { kind: 'unavailable', reason: answer.reason, attempts };
    }
  }

  /** Closes the kept-alive connections to both endpoints. */
  close(): void {
    this.primary.close();
    this.fallback?.close();
  }

  private async attempt(body: string, signal?: AbortSignal): Promise<Omit<Attempt, 'attempts'>> {
    if (!this.breaker || !this.fallback) {
      return {
        answer: await this.send(this.primary, 'primary', body, signal),
        endpoint: 'primary',
      };
    }
    try {
      const answer = await this.breaker.execute(() =>
        this.send(this.primary, 'primary', body, signal),
      );
      return { answer, endpoint: 'primary' };
    } catch (error) {
      if (!isBrokenCircuitError(error)) throw error;
      this.metrics?.failovers.inc();
      return {
        answer: await this.send(this.fallback, 'fallback', body, signal),
        endpoint: 'fallback',
      };
    }
  }

  private async send(
    client: QtClient,
    endpoint: QtEndpointLabel,
    body: string,
    signal?: AbortSignal,
  ): Promise<QtAnswer> {
    const stop = this.metrics?.requestDuration.startTimer({ endpoint });
    const answer = await client.send(body, signal);
    stop?.();
    this.metrics?.responses.inc({ code: answerLabel(answer), endpoint });
    return answer;
  }
}
