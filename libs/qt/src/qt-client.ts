import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { AbortFanout } from './abort-fanout';
import { readQtAnswer, type QtAnswer, type QtRetriableReason } from './qt-answer';
import { QtError } from './qt-errors';

/** The path QT receives third-party data on (section 3.2). */
export const QT_PATH = '/server/thirdPartyDataSource';

/** Settings of a {@link QtClient}. */
export interface QtClientOptions {
  /** Base URL of QT (`QT_ENDPOINT` or `QT_FALLBACK_ENDPOINT`), without the path. */
  endpoint: string;
  /** How long one request may take, connect to last byte (waiting for a socket included). */
  timeoutMs?: number;
  /** Connections to QT open at once; further requests wait for a free one. */
  maxSockets?: number;
  /** How long an idle kept-alive connection stays open, unless QT announces less. */
  idleTimeoutMs?: number;
}

type Settle = (answer: QtAnswer | QtError) => void;

/**
 * Sends signed requests to one QT endpoint over `node:http(s)` with a keep-alive agent, so a
 * steady stream reuses a bounded set of sockets. Node's fetch did the same job at several times
 * the CPU per request (profiled: undici, web streams and abort signals), the dispatcher's limit.
 * Never throws for QT's or the network's failures: they are {@link QtAnswer}s.
 */
export class QtClient {
  readonly url: string;
  private readonly target: URL;
  private readonly timeoutMs: number;
  private readonly agent: HttpAgent;
  private readonly request: typeof httpRequest;
  private readonly aborts = new AbortFanout();

  constructor(options: QtClientOptions) {
    // Concatenated, not resolved: a path prefix in the endpoint (a proxy's) must survive.
    this.url = `${options.endpoint.replace(/\/+$/, '')}${QT_PATH}`;
    this.target = new URL(this.url);
    this.timeoutMs = options.timeoutMs ?? 5_000;
    const secure = this.target.protocol === 'https:';
    const agentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets ?? 256,
      timeout: options.idleTimeoutMs ?? 30_000,
    };
    this.agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.request = secure ? httpsRequest : httpRequest;
  }

  /** POSTs one request body; `signal` aborts it (shutdown), which rejects instead of answering. */
  send(body: string, signal?: AbortSignal): Promise<QtAnswer> {
    if (signal?.aborted) return Promise.reject(this.aborted(signal.reason));
    return new Promise<QtAnswer>((resolve, reject) => {
      let done = false;
      const settle: Settle = (result) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        unwatch?.();
        if (result instanceof QtError) reject(result);
        else resolve(result);
      };
      const fail = (reason: QtRetriableReason): void => {
        settle({ kind: 'retriable', reason });
        req.destroy();
      };
      const timer = setTimeout(() => fail('timeout'), this.timeoutMs);
      const unwatch = signal
        ? this.aborts.watch(signal, (reason) => {
            settle(this.aborted(reason));
            req.destroy();
          })
        : undefined;

      const req = this.request(this.target, {
        method: 'POST',
        agent: this.agent,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        },
      });
      req.on('response', (response) => readResponse(response, settle, fail));
      req.on('error', () => fail('network'));
      req.end(body);
    });
  }

  /** Closes the kept-alive connections; requests in flight fail as network errors. */
  close(): void {
    this.agent.destroy();
  }

  private aborted(cause: unknown): QtError {
    return new QtError('QT_DELIVERY_ABORTED', { url: this.url }, cause);
  }
}

function readResponse(
  response: IncomingMessage,
  settle: Settle,
  fail: (reason: QtRetriableReason) => void,
): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () =>
    settle(readQtAnswer(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))),
  );
  // A connection cut mid-body: the answer is unknown, like any network failure.
  response.on('aborted', () => fail('network'));
  response.on('error', () => fail('network'));
}
