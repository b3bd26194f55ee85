import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type Env } from '@oa-relay/config';
import { Logger } from 'nestjs-pino';
import { GatewayExceptionFilter } from './gateway-exception.filter';
import { GatewayMetrics } from './gateway-metrics';
import { gatewayEnvSchema } from './gateway.config';
import { GatewayModule } from './gateway.module';

/**
 * Builds the gateway (not yet listening) from an environment; tests boot it on port 0 with
 * their own. Bodies are kept exactly as received: one text parser for every content type.
 */
export async function createGatewayApp(env: Env = process.env): Promise<NestFastifyApplication> {
  const config = loadConfig(gatewayEnvSchema, env);
  const adapter = new FastifyAdapter({ bodyLimit: config.GATEWAY_BODY_LIMIT_BYTES });
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.forRoot(config, env),
    adapter,
    { bufferLogs: true, bodyParser: false, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new GatewayExceptionFilter(app.get(GatewayMetrics), app.getHttpAdapter()));
  app.enableShutdownHooks();
  return app;
}
