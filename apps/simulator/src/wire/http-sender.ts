import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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
  /** The gateway's base URL, e.g. http://127.0.0.1:3000 (https works too). */
  gateway: string;
  /** WeChat gives up after 5 s and retries; so does the default. */
  timeoutMs?: number;
  /** Connections kept open to the gateway; requests beyond wait for one. */
  maxSockets?: number;
}

const TIMED_OUT = 'SIM_REQUEST_TIMEOUT';

/**
 * A sender over node:http with kept-alive connections. Node 20's fetch was measured at
 * 15-20 times fewer requests per second on this machine, which made the simulator, not the
 * gateway, the bottleneck of a load run. Latency runs from the request's start to the
 * answer's last byte, waiting for a free connection included.
 */
export function createHttpSender({
  gateway,
  timeoutMs = 5_000,
  maxSockets = 256,
}: HttpSenderOptions): Sender {
  const base = new URL(gateway);
  const secure = base.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets })
    : new HttpAgent({ keepAlive: true, maxSockets });
  const prefix = base.pathname.replace(/\/+$/, '');

  return (wire) =>
    new Promise<SendOutcome>((resolve) => {
      const started = performance.now();
      const finish = (status: SendOutcome['status'], body: string) => {
        clearTimeout(timer);
        resolve({ status, body, latencyMs: performance.now() - started });
      };
      const request = (secure ? httpsRequest : httpRequest)(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          path: `${prefix}${wire.path}?${new URLSearchParams(wire.query).toString()}`,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'text/xml',
            'content-length': Buffer.byteLength(wire.body),
          },
        },
        (response) => {
          void readText(response).then(
            (text) => finish(response.statusCode ?? 0, text.trim()),
            (error: unknown) => finish('network', describe(error)),
          );
        },
      );
      const timer = setTimeout(() => request.destroy(new Error(TIMED_OUT)), timeoutMs);
      request.on('error', (error) => {
        const timedOut = error.message === TIMED_OUT;
        finish(timedOut ? 'timeout' : 'network', timedOut ? `${timeoutMs} ms` : describe(error));
      });
      request.end(wire.body);
    });
}

/** True when the gateway says it stored the push: 200 with the body `success`. */
export function isAcknowledged(outcome: SendOutcome): boolean {
  return outcome.status === 200 && outcome.body === 'success';
}

function readText(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.on('end', () => resolve(text));
    response.on('error', reject);
  });
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'error';
}
