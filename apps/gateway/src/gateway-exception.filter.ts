import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type HttpServer,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayMetrics } from './gateway-metrics';

/**
 * Gives a body over the limit the gateway's answer (413 with a stable code, counted, one log
 * line) instead of the framework's; every other error keeps Nest's handling.
 */
@Catch()
export class GatewayExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(GatewayExceptionFilter.name);

  constructor(
    private readonly metrics: GatewayMetrics,
    adapter: HttpServer,
  ) {
    super(adapter);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (!isBodyTooLarge(exception)) return super.catch(exception, host);

    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const appId = (request.params as { appId?: string } | undefined)?.appId ?? 'unknown';
    this.metrics.refused(appId, 'GATEWAY_BODY_TOO_LARGE');
    this.logger.warn({ appId, code: 'GATEWAY_BODY_TOO_LARGE', status: 413 }, 'push refused');
    void reply
      .status(413)
      .send({ code: 'GATEWAY_BODY_TOO_LARGE', message: 'the body exceeds the size limit' });
  }
}

/** Fastify refuses the body before any handler runs; Nest hands it on as a 413 HttpException. */
function isBodyTooLarge(exception: unknown): boolean {
  return (
    exception instanceof HttpException &&
    exception.getStatus() === (HttpStatus.PAYLOAD_TOO_LARGE as number)
  );
}
