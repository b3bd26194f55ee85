import { readQtAnswer, type QtAnswer } from './qt-answer';
import { QtError } from './qt-errors';

/** The path QT receives third-party data on (section 3.2). */
export const QT_PATH = '/server/thirdPartyDataSource';

/** Settings of a {@link QtClient}. */
export interface QtClientOptions {
  /** Base URL of QT (`QT_ENDPOINT` or `QT_FALLBACK_ENDPOINT`), without the path. */
  endpoint: string;
  /** How long one request may take, connect to last byte. */
  timeoutMs?: number;
}

/**
 * Sends signed requests to one QT endpoint. Node's built-in fetch keeps connections to an
 * origin alive and pooled, so a steady stream reuses sockets instead of paying a handshake
 * per event. Never throws for QT's or the network's failures: they are {@link QtAnswer}s.
 */
export class QtClient {
  readonly url: string;
  private readonly timeoutMs: number;

  constructor(options: QtClientOptions) {
    // Concatenated, not resolved: a path prefix in the endpoint (a proxy's) must survive.
    this.url = `${options.endpoint.replace(/\/+$/, '')}${QT_PATH}`;
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  /** POSTs one request body; `signal` aborts it (shutdown), which rejects instead of answering. */
  async send(body: string, signal?: AbortSignal): Promise<QtAnswer> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        signal: combined,
      });
      return readQtAnswer(response.status, await response.text());
    } catch (error) {
      if (signal?.aborted) throw new QtError('QT_DELIVERY_ABORTED', { url: this.url }, error);
      return { kind: 'retriable', reason: timeout.aborted ? 'timeout' : 'network' };
    }
  }
}
