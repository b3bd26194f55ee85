import type { Registry } from 'prom-client';
import { counter, gauge } from './metric-factory';

/** The consumer's Prometheus metrics, bounded labels only (topic, partition, outcome, code). */
export function createConsumerMetrics(registry: Registry | undefined) {
  return {
    handled: counter(registry, {
      name: 'messaging_consumed_records_total',
      help: 'Records finished by the consumer, by topic and outcome (ok, dead_lettered).',
      labelNames: ['topic', 'outcome'],
    }),
    deadLetters: counter(registry, {
      name: 'messaging_dead_letters_total',
      help: 'Records written to the dead-letter topic, by source topic and code.',
      labelNames: ['topic', 'code'],
    }),
    retries: counter(registry, {
      name: 'messaging_handler_retries_total',
      help: 'Handler attempts that will be retried, by topic and kind (retriable, error).',
      labelNames: ['topic', 'kind'],
    }),
    inFlight: gauge(registry, {
      name: 'messaging_consumer_in_flight',
      help: 'Records admitted and not finished, by topic.',
      labelNames: ['topic'],
    }),
    lag: gauge(registry, {
      name: 'messaging_consumer_lag',
      help: 'Records between the committable offset and the high watermark, by partition.',
      labelNames: ['topic', 'partition'],
    }),
    paused: gauge(registry, {
      name: 'messaging_consumer_paused',
      help: '1 while the consumer is paused and probing during an outage.',
      labelNames: ['group'],
    }),
  };
}

/** The metrics of one consumer. */
export type ConsumerMetrics = ReturnType<typeof createConsumerMetrics>;
