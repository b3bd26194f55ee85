import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type Env } from '@oa-relay/config';
import { Logger } from 'nestjs-pino';
import { wechatSandboxEnvSchema } from './wechat-sandbox.config';
import { WechatSandboxModule } from './wechat-sandbox.module';

/** Builds the wechat-sandbox app (not yet listening); the config is validated first. */
export async function createWechatSandboxApp(env: Env): Promise<NestFastifyApplication> {
  const config = loadConfig(wechatSandboxEnvSchema, env);
  const app = await NestFactory.create<NestFastifyApplication>(
    WechatSandboxModule.forRoot(config, env),
    // A stand-in has nothing to drain: closing drops even connections whose answer its latency
    // switch still holds, instead of waiting out their keep-alive (5 s) after the answer.
    new FastifyAdapter({ forceCloseConnections: true }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}
