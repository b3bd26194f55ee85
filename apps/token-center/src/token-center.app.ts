import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type Env } from '@oa-relay/config';
import { Logger } from 'nestjs-pino';
import { tokenCenterEnvSchema } from './token-center.config';
import { TokenCenterModule } from './token-center.module';

/** Builds the token-center app (not yet listening); the config is validated first. */
export async function createTokenCenterApp(env: Env): Promise<NestFastifyApplication> {
  const config = loadConfig(tokenCenterEnvSchema, env);
  const app = await NestFactory.create<NestFastifyApplication>(
    TokenCenterModule.forRoot(config, env),
    new FastifyAdapter(),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}
