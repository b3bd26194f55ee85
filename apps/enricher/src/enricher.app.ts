import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type Env } from '@oa-relay/config';
import { KafkaConsumerServer, KafkaPublisher } from '@oa-relay/messaging';
import { MetricsRegistry } from '@oa-relay/observability';
import { Logger } from 'nestjs-pino';
import { enricherConfigSchema } from './enricher.config';
import { enricherConsumerOptions } from './enricher-consumer.options';
import { EnricherModule } from './enricher.module';

/**
 * Builds the enricher (not yet started): HTTP for /metrics and /health plus the Kafka consumer
 * of the raw topic. Start it with `startAllMicroservices()` and `listen(PORT, HOST)`.
 */
export async function createEnricherApp(env: Env): Promise<NestFastifyApplication> {
  const config = loadConfig(enricherConfigSchema, env);
  const app = await NestFactory.create<NestFastifyApplication>(
    EnricherModule.forRoot(config, env),
    new FastifyAdapter(),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));

  const options = enricherConsumerOptions(
    config,
    app.get(KafkaPublisher),
    app.get(MetricsRegistry),
  );
  app.connectMicroservice<MicroserviceOptions>(
    { strategy: new KafkaConsumerServer(options) },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  return app;
}
