import type { DeadLetterStage } from '@oa-relay/events';
import type { Registry } from 'prom-client';
import type { BackoffOptions } from './failure-policy';
import type { KafkaConnectionOptions } from './kafka-client';
import type { KafkaPublisher } from './kafka-publisher';
import { TOPICS } from './topics';

/** Options of {@link KafkaConsumerServer}. */
export interface KafkaConsumerServerOptions extends KafkaConnectionOptions {
  groupId: string;
  /** The pipeline stage named in this consumer's dead letters. */
  stage: DeadLetterStage;
  /** Topics this consumer must serve; each needs a handler or boot fails. Default: every handler's. */
  topics?: string[];
  /** Records in flight per partition, different keys only (default 64). */
  concurrency?: number;
  /** Fetching of a partition pauses while this many records are unfinished (default 4 × concurrency). */
  maxBufferedPerPartition?: number;
  /** Where a new group starts reading (default true: nothing published before boot is skipped). */
  fromBeginning?: boolean;
  /**
   * Longest wait of one fetch (ms, default 100). It is also how long kafkajs sleeps when every
   * assigned partition is paused, which is what a full buffer does under a burst: at kafkajs'
   * 5 s default the enricher sat idle half the time (bench/enricher.bench.ts: 2,600 warm events/s
   * at 5 s, 5,300 at 100 ms). An idle consumer sends ten empty fetches a second instead of one.
   */
  maxWaitTimeMs?: number;
  /** Partitions whose fetched batches kafkajs hands over concurrently (default 4). */
  partitionsConsumedConcurrently?: number;
  /** Attempts for an unexpected error before INTERNAL_ERROR goes to the DLQ (default 3). */
  maxBugAttempts?: number;
  /** Retry delays (default 200 ms doubling with jitter, capped at 30 s). */
  backoff?: BackoffOptions;
  /** Consecutive retriable failures that pause the whole consumer to probe (default 0: off). */
  pauseAfterRetriableFailures?: number;
  /** How often completed offsets are committed (ms, default 500). */
  commitIntervalMs?: number;
  /** How long close() waits for running handlers (ms, default 10 s). */
  shutdownTimeoutMs?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Dead-letter topic (default wechat.dlq.v1). */
  deadLetterTopic?: string;
  /** Publisher for dead letters; the server creates (and closes) its own when omitted. */
  publisher?: KafkaPublisher;
  /** Registry for the consumer's metrics (e.g. `app.get(MetricsRegistry)`). */
  metrics?: Registry;
}

/** Options with every default applied. */
export type ResolvedConsumerOptions = Required<
  Omit<
    KafkaConsumerServerOptions,
    'topics' | 'publisher' | 'metrics' | 'retry' | keyof KafkaConnectionOptions
  >
> &
  KafkaConsumerServerOptions;

/** Applies the defaults documented on {@link KafkaConsumerServerOptions}. */
export function resolveConsumerOptions(
  options: KafkaConsumerServerOptions,
): ResolvedConsumerOptions {
  const concurrency = options.concurrency ?? 64;
  return {
    concurrency,
    maxBufferedPerPartition: concurrency * 4,
    fromBeginning: true,
    maxWaitTimeMs: 100,
    partitionsConsumedConcurrently: 4,
    maxBugAttempts: 3,
    backoff: {},
    pauseAfterRetriableFailures: 0,
    commitIntervalMs: 500,
    shutdownTimeoutMs: 10_000,
    sessionTimeoutMs: 30_000,
    heartbeatIntervalMs: 3_000,
    deadLetterTopic: TOPICS.dlq.name,
    connectionTimeoutMs: 3_000,
    requestTimeoutMs: 10_000,
    ...options,
  };
}
