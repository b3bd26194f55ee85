import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type Env } from '@oa-relay/config';
import { Logger } from 'nestjs-pino';
import { qtSandboxEnvSchema } from './qt-sandbox.config';
import { QtSandboxModule } from './qt-sandbox.module';

const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** Builds the QT sandbox (not yet listening); the config is validated first. */
export async function createQtSandboxApp(env: Env): Promise<NestFastifyApplication> {
  const config = loadConfig(qtSandboxEnvSchema, env);
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES });
  // Every body reaches the handlers as text: QT answers 102 to a body that is not JSON, so
  // the framework must not refuse it first.
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  const app = await NestFactory.create<NestFastifyApplication>(
    QtSandboxModule.forRoot(config, env),
    adapter,
    { bufferLogs: true, bodyParser: false, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}
