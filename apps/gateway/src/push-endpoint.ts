import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { GatewayError } from './gateway-errors';
import type { GatewayMetrics } from './gateway-metrics';
import type { IntakeOutcome, PushIntakeService } from './push-intake.service';
import { matchPushRequest, readBody, type PushRequestLine } from './push-request';

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * WeChat's `POST /wechat/:appId`, served on Node's HTTP server ahead of the framework.
 *
 * Pushes are the one route under load (send-result bursts of thousands a minute), and the
 * framework's per-request work (hooks, the middleware runner, the content-type parser's async
 * resource, Nest's router) cost more CPU than verifying, decrypting, de-duplicating and
 * publishing the push together: bench/gateway.bench.ts measured 281 µs of CPU per push through
 * the framework and 158 µs here. Every other request (the handshake, /health, /metrics) goes to
 * the framework unchanged.
 */
export class PushEndpoint implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PushEndpoint.name);
  private closing = false;

  constructor(
    private readonly intake: PushIntakeService,
    private readonly metrics: GatewayMetrics,
    private readonly bodyLimitBytes: number,
  ) {}

  /**
   * From now on every push answered closes its connection. The HTTP server closes next, and
   * it waits for open connections: a keep-alive connection WeChat keeps busy would otherwise
   * hold the shutdown (and Kafka's clean disconnect after it) until the pod is killed.
   */
  beforeApplicationShutdown(): void {
    this.closing = true;
  }

  /** Serves one push; rejects only on a bug, which {@link route} answers with a 500. */
  async serve(
    request: IncomingMessage,
    response: ServerResponse,
    line: PushRequestLine,
  ): Promise<void> {
    const read = await readBody(request, this.bodyLimitBytes);
    if (!read.ok) {
      if (read.reason === 'too-large') this.refuseTooLarge(response, line.appId);
      return;
    }

    const { appId, query } = line;
    const outcome = await this.intake.receive({
      appId,
      query,
      body: read.body,
      receivedAt: new Date(),
    });
    answer(response, outcome);
  }

  /** Serves `request` if it is a push; hands any other request to `framework`. */
  route(request: IncomingMessage, response: ServerResponse, framework: RequestListener): void {
    const line = matchPushRequest(request.method, request.url);
    if (line === undefined) return void framework(request, response);

    if (this.closing) response.setHeader('connection', 'close');
    this.serve(request, response, line).catch((error: unknown) => {
      const failure = internalError();
      this.metrics.refused(line.appId, failure.code);
      this.logger.error({ err: error, appId: line.appId }, 'push failed unexpectedly');
      if (!response.headersSent) send(response, 500, JSON_TYPE, refusalBody(failure));
    });
  }

  private refuseTooLarge(response: ServerResponse, appId: string): void {
    const error = new GatewayError('GATEWAY_BODY_TOO_LARGE', 'the body exceeds the size limit');
    const refusal = this.intake.refuse(appId, 413, error);

    // The rest of the body is never read, so the connection cannot carry another request.
    response.setHeader('connection', 'close');
    answer(response, refusal);
  }
}

function answer(response: ServerResponse, outcome: IntakeOutcome): void {
  switch (outcome.kind) {
    case 'stored':
    case 'duplicate':
      return send(response, 200, TEXT, 'success');
    case 'refused':
      return send(response, outcome.status, JSON_TYPE, refusalBody(outcome.error));
    case 'unavailable':
      return send(response, 503, JSON_TYPE, refusalBody(outcome.error));
  }
}

/** What a refusal's body says: a stable code and a message without secrets. */
function refusalBody(error: { code: string; message: string }): string {
  return JSON.stringify({ code: error.code, message: error.message });
}

function internalError(): GatewayError {
  return new GatewayError('GATEWAY_INTERNAL_ERROR', 'the push could not be handled');
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
