import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type Env } from '@oa-relay/config';
import { KafkaConsumerServer, KafkaPublisher } from '@oa-relay/messaging';
import { MetricsRegistry } from '@oa-relay/observability';
import { Logger } from 'nestjs-pino';
import { dispatcherConfigSchema, type DispatcherConfig } from './dispatcher.config';
import { registerPausedGauge } from './dispatcher-metrics';
import { DispatcherModule } from './dispatcher.module';

/** A built dispatcher: the hybrid app (HTTP for /metrics and /health) and its consumer. */
export interface DispatcherApp {
  app: NestFastifyApplication;
  consumer: KafkaConsumerServer;
  config: Readonly<DispatcherConfig>;
}

/**
 * Builds the dispatcher (not yet listening or consuming): `app.startAllMicroservices()` starts
 * the consumer, `app.listen()` the HTTP side. The config is validated first.
 */
export async function createDispatcherApp(env: Env): Promise<DispatcherApp> {
  const config = loadConfig(dispatcherConfigSchema, env);
  const app = await NestFactory.create<NestFastifyApplication>(
    DispatcherModule.forRoot(config, env),
    new FastifyAdapter(),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  // Exits 0 once every hook ran, after pino flushed, instead of re-raising the signal.
  app.enableShutdownHooks(undefined, { useProcessExit: true });

  const metrics = app.get(MetricsRegistry);
  const consumer = new KafkaConsumerServer({
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID ?? 'oa-relay-dispatcher',
    groupId: config.DISPATCHER_GROUP_ID,
    stage: 'dispatcher',
    topics: [config.DISPATCHER_SOURCE_TOPIC],
    deadLetterTopic: config.DISPATCHER_DLQ_TOPIC,
    publisher: app.get(KafkaPublisher),
    metrics,
    concurrency: config.DISPATCHER_CONCURRENCY,
    partitionsConsumedConcurrently: config.DISPATCHER_PARTITIONS_CONCURRENTLY,
    backoff: {
      initialDelayMs: config.DISPATCHER_BACKOFF_INITIAL_MS,
      maxDelayMs: config.DISPATCHER_BACKOFF_MAX_MS,
    },
    pauseAfterRetriableFailures: config.DISPATCHER_PAUSE_AFTER_FAILURES,
    commitIntervalMs: config.DISPATCHER_COMMIT_INTERVAL_MS,
    shutdownTimeoutMs: config.DISPATCHER_SHUTDOWN_TIMEOUT_MS,
  });
  app.connectMicroservice({ strategy: consumer }, { inheritAppConfig: true });
  registerPausedGauge(metrics, () => consumer.getPauseState().probing);
  return { app, consumer, config };
}
