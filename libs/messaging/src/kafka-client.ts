import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry, type RetryOptions } from 'kafkajs';

/** How to reach the cluster; every Kafka client of the project is built from this. */
export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
  /** TCP connect timeout per broker (ms). */
  connectionTimeoutMs?: number;
  /** Per-request timeout (ms). */
  requestTimeoutMs?: number;
  /** kafkajs' own retries: always bounded, so no call hangs on a dead cluster. */
  retry?: Pick<RetryOptions, 'retries' | 'initialRetryTime' | 'maxRetryTime'>;
}

/** Bounded retries: a few quick attempts, then the caller decides (503, backoff, DLQ). */
export const DEFAULT_KAFKA_RETRY = { retries: 3, initialRetryTime: 100, maxRetryTime: 2_000 };

/** Builds a kafkajs client whose logs go through Nest's logger and whose retries are bounded. */
export function createKafka(options: KafkaConnectionOptions): Kafka {
  const logger = new Logger('kafkajs');
  return new Kafka({
    brokers: options.brokers,
    clientId: options.clientId,
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 10_000,
    retry: { ...DEFAULT_KAFKA_RETRY, ...options.retry },
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => forward(logger, entry),
  });
}

// Our producer bounds kafkajs' retries on purpose, so that a publish meets its deadline; what
// kafkajs does not retry, the caller does (WeChat behind a 503, the consumer's own retry), and
// dedupe and delivery markers absorb the copies. kafkajs warns about that choice at every start.
const BOUNDED_RETRIES_NOTICE = 'Limiting retries for the idempotent producer may invalidate EoS';

// kafkajs reports every failed attempt at error level; our callers log the outcome that needs
// a human, so the library's own lines are degraded-but-handled at most.
function forward(logger: Logger, entry: LogEntry): void {
  const { message, timestamp: _timestamp, logger: _name, ...fields } = entry.log;
  const context = { ...fields, namespace: entry.namespace };
  if (message.startsWith(BOUNDED_RETRIES_NOTICE)) logger.debug(context, message);
  else logger.warn(context, message);
}
