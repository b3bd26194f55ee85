import { createServer, type RequestListener } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type Env } from '@oa-relay/config';
import { Logger } from 'nestjs-pino';
import { gatewayEnvSchema } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { PushEndpoint } from './push-endpoint';

/** How long an idle keep-alive connection from WeChat stays open. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/**
 * Builds the gateway (not yet listening) from an environment; tests boot it on port 0 with
 * their own. Pushes are served by PushEndpoint on the HTTP server itself, everything else by
 * Nest; bodies are kept exactly as received (one text parser for every content type).
 */
export async function createGatewayApp(env: Env = process.env): Promise<NestFastifyApplication> {
  const config = loadConfig(gatewayEnvSchema, env);
  // Nest builds the endpoint after the server; until then (before listen) there is none.
  const pushes: { endpoint?: PushEndpoint } = {};
  const adapter = new FastifyAdapter({
    bodyLimit: config.GATEWAY_BODY_LIMIT_BYTES,
    serverFactory: (framework: RequestListener) => {
      const server = createServer((request, response) =>
        pushes.endpoint
          ? pushes.endpoint.route(request, response, framework)
          : framework(request, response),
      );
      // Fastify's default, which it applies only to servers it creates itself.
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      return server;
    },
  });
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
  pushes.endpoint = app.get(PushEndpoint);
  app.enableShutdownHooks();
  return app;
}
