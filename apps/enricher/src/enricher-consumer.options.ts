import type { KafkaConsumerServerOptions, KafkaPublisher } from '@oa-relay/messaging';
import type { Registry } from 'prom-client';
import type { EnricherConfig } from './enricher.config';

/** The Kafka consumer of the raw topic, as the enricher's settings describe it. */
export function enricherConsumerOptions(
  config: EnricherConfig,
  publisher: KafkaPublisher,
  metrics: Registry,
): KafkaConsumerServerOptions {
  return {
    brokers: [...config.KAFKA_BROKERS],
    clientId: `${clientIdOf(config)}-consumer`,
    groupId: config.ENRICHER_GROUP_ID,
    stage: 'enricher',
    topics: [config.ENRICHER_RAW_TOPIC],
    concurrency: config.ENRICHER_CONCURRENCY,
    deadLetterTopic: config.ENRICHER_DLQ_TOPIC,
    backoff: {
      initialDelayMs: config.ENRICHER_RETRY_INITIAL_MS,
      maxDelayMs: config.ENRICHER_RETRY_MAX_MS,
    },
    pauseAfterRetriableFailures: config.ENRICHER_PAUSE_AFTER_FAILURES,
    // Dead letters go through the app's one producer, which the app closes itself.
    publisher,
    metrics,
  };
}

/** The Kafka client id of the enricher's producer and consumer. */
export function clientIdOf(config: EnricherConfig): string {
  return config.KAFKA_CLIENT_ID ?? 'oa-relay-enricher';
}
