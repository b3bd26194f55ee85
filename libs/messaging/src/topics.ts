import type { Admin, ITopicMetadata } from 'kafkajs';
import { createKafka, type KafkaConnectionOptions } from './kafka-client';
import { MessagingError } from './messaging-errors';

/** A topic the project owns: its versioned name and explicit partition count. */
export interface TopicSpec {
  name: string;
  partitions: number;
}

/** The project's topics. The broker never auto-creates topics: {@link ensureTopics} does. */
export const TOPICS = {
  raw: { name: 'wechat.raw.v1', partitions: 12 },
  enriched: { name: 'wechat.enriched.v1', partitions: 12 },
  analytics: { name: 'analytics.events.v1', partitions: 12 },
  dlq: { name: 'wechat.dlq.v1', partitions: 3 },
} as const satisfies Record<string, TopicSpec>;

/** Options of {@link ensureTopics}. */
export interface EnsureTopicsOptions {
  clientId?: string;
  /** -1 lets the broker pick its default replication factor. */
  replicationFactor?: number;
  /** How long to wait for every partition to have a leader. */
  timeoutMs?: number;
}

/** What {@link ensureTopics} did. */
export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
}

/**
 * Creates the topics that are missing and waits until every partition has a leader.
 * Idempotent; an existing topic with another partition count is refused, not altered,
 * because changing it would move keys to other partitions.
 */
export async function ensureTopics(
  brokers: string[],
  topics: readonly TopicSpec[] = Object.values(TOPICS),
  options: EnsureTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  const connection: KafkaConnectionOptions = {
    brokers,
    clientId: options.clientId ?? 'oa-relay-topics',
  };
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    const known = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !known.has(t.name));
    await admin.createTopics({
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: options.replicationFactor ?? -1,
      })),
      waitForLeaders: true,
    });
    await waitForLeaders(admin, topics, options.timeoutMs ?? 30_000);
    return {
      created: missing.map((t) => t.name),
      existing: topics.filter((t) => known.has(t.name)).map((t) => t.name),
    };
  } finally {
    await admin.disconnect();
  }
}

async function waitForLeaders(
  admin: Admin,
  topics: readonly TopicSpec[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { topics: metadata } = await admin.fetchTopicMetadata({
      topics: topics.map((t) => t.name),
    });
    checkPartitionCounts(topics, metadata);
    if (metadata.every((t) => t.partitions.every((p) => p.leader >= 0))) return;
    if (Date.now() > deadline) {
      throw new MessagingError('MESSAGING_TOPIC_SETUP_FAILED', 'topic partitions have no leader', {
        topics: topics.map((t) => t.name),
        timeoutMs,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function checkPartitionCounts(topics: readonly TopicSpec[], metadata: ITopicMetadata[]): void {
  for (const spec of topics) {
    const actual = metadata.find((t) => t.name === spec.name)?.partitions.length ?? 0;
    if (actual !== spec.partitions) {
      throw new MessagingError(
        'MESSAGING_TOPIC_SETUP_FAILED',
        'topic exists with another partition count',
        { topic: spec.name, expected: spec.partitions, actual },
      );
    }
  }
}
