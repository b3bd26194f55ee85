import { performance } from 'node:perf_hooks';
import type { WirePush } from './wire-push';

/** What the gateway answered, or why there was no answer. */
export interface SendOutcome {
  /** HTTP status, `timeout` (no answer within the deadline) or `network` (no connection). */
  status: number | 'timeout' | 'network';
  /** The answer's body, trimmed (`success` when the gateway stored the push). */
  body: string;
  latencyMs: number;
}

/** Sends one push; never rejects, so that a load run counts every failure. */
export type Sender = (wire: WirePush) => Promise<SendOutcome>;

/** What {@link createHttpSender} needs. */
export interface HttpSenderOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:3000. */
  gateway: string;
  /** WeChat gives up after 5 s and retries; so does the default. */
  timeoutMs?: number;
}

/**
 * A sender over Node's built-in fetch, which keeps connections alive between requests.
 * Latency runs from the request's start to the answer's last byte.
 */
export function createHttpSender({ gateway, timeoutMs = 5_000 }: HttpSenderOptions): Sender {
  const base = gateway.replace(/\/+$/, '');
  return async (wire) => {
    const url = `${base}${wire.path}?${new URLSearchParams(wire.query).toString()}`;
    const started = performance.now();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: wire.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await response.text()).trim();
      return { status: response.status, body, latencyMs: performance.now() - started };
    } catch (error) {
      const status = isTimeout(error) ? 'timeout' : 'network';
      return { status, body: describe(error), latencyMs: performance.now() - started };
    }
  };
}

/** True when the gateway says it stored the push: 200 with the body `success`. */
export function isAcknowledged(outcome: SendOutcome): boolean {
  return outcome.status === 200 && outcome.body === 'success';
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'TimeoutError';
}

function describe(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code ?? (error instanceof Error ? error.name : 'error');
}
