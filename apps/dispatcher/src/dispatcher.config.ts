import { accountsEnv, httpEnv, kafkaEnv, loggingEnv, qtEnv, redisEnv } from '@oa-relay/config';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().min(1);

/** The dispatcher's settings, validated at boot; every one is named in deploy/kubernetes. */
export const dispatcherConfigSchema = z.object({
  ...loggingEnv,
  ...httpEnv(3250),
  ...kafkaEnv,
  ...redisEnv,
  ...accountsEnv,
  ...qtEnv,
  /** Consumer group; replicas of the dispatcher share it (tests use their own). */
  DISPATCHER_GROUP_ID: z.string().min(1).default('oa-relay-dispatcher'),
  /** Topic read (wechat.enriched.v1); tests point the dispatcher at their own topics. */
  DISPATCHER_SOURCE_TOPIC: z.string().min(1).default('wechat.enriched.v1'),
  DISPATCHER_ANALYTICS_TOPIC: z.string().min(1).default('analytics.events.v1'),
  DISPATCHER_DLQ_TOPIC: z.string().min(1).default('wechat.dlq.v1'),
  /** Deliveries in flight per partition, different users only. */
  DISPATCHER_CONCURRENCY: positiveInt.default(64),
  /** Partitions whose batches are handed over concurrently. */
  DISPATCHER_PARTITIONS_CONCURRENTLY: positiveInt.default(4),
  /** One HTTP exchange with QT, connect to last byte. */
  QT_REQUEST_TIMEOUT_MS: positiveInt.default(5_000),
  /** Requests to QT in flight at once, across partitions: keeps answers inside the timeout. */
  QT_MAX_IN_FLIGHT: positiveInt.default(256),
  /** HTTP attempts per delivery before the record backs off in the consumer. */
  QT_MAX_ATTEMPTS: positiveInt.default(4),
  QT_RETRY_INITIAL_DELAY_MS: positiveInt.default(100),
  QT_RETRY_MAX_DELAY_MS: positiveInt.default(2_000),
  /** Consecutive failures of the primary before requests go to QT_FALLBACK_ENDPOINT. */
  QT_FAILOVER_AFTER: positiveInt.default(3),
  /** How long the primary is left alone before one request tries it again. */
  QT_PRIMARY_RETRY_AFTER_MS: positiveInt.default(10_000),
  /** Consumer backoff between deliveries that found QT unavailable. */
  DISPATCHER_BACKOFF_INITIAL_MS: positiveInt.default(500),
  DISPATCHER_BACKOFF_MAX_MS: positiveInt.default(30_000),
  /** Consecutive unavailable deliveries after which the consumer pauses and probes. */
  DISPATCHER_PAUSE_AFTER_FAILURES: z.coerce.number().int().min(0).default(20),
  /** How long a delivered event id is remembered, so a restart does not send it twice. */
  DISPATCHER_MARKER_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),
  DISPATCHER_MARKER_PREFIX: z.string().min(1).default('oa-relay:dispatcher'),
  DISPATCHER_COMMIT_INTERVAL_MS: positiveInt.default(500),
  /** How long SIGTERM waits for deliveries in flight before abandoning them uncommitted. */
  DISPATCHER_SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
});

/** The dispatcher's validated settings. */
export type DispatcherConfig = z.infer<typeof dispatcherConfigSchema>;
