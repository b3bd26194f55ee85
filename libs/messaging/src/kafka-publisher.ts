import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ReadinessRegistry } from '@oa-relay/observability';
import { Partitioners, type IHeaders, type Message, type Producer } from 'kafkajs';
import type { Registry } from 'prom-client';
import { ClusterProbe } from './cluster-probe';
import { createKafka, type KafkaConnectionOptions } from './kafka-client';
import { toPublishError } from './kafka-errors';
import { MessagingError } from './messaging-errors';
import { counter, histogram } from './metric-factory';
import { PublishBatcher, type PublishBatcherOptions } from './publish-batcher';

/** One record to publish. Objects are JSON-serialized; strings and Buffers are sent as is. */
export interface PublishMessage {
  key: string | null;
  value: unknown;
  headers?: Record<string, string | Buffer>;
}

/** Per-call options of {@link KafkaPublisher.publish}. */
export interface PublishOptions {
  /** The publish rejects with MESSAGING_PUBLISH_TIMEOUT if no ack arrived by then (ms). */
  timeoutMs: number;
}

/** Options of {@link KafkaPublisher}. */
export interface KafkaPublisherOptions extends KafkaConnectionOptions {
  /** How publishes are grouped into produce requests; defaults 2 ms, 500 messages, 1. */
  batching?: Partial<PublishBatcherOptions>;
  /** Where publish metrics go; none when omitted. */
  metrics?: Registry;
  /** Registers the 'kafka' probe for /health/ready when given: connected, and the cluster answers. */
  readiness?: ReadinessRegistry;
}

interface Outgoing {
  topic: string;
  message: Message;
}

/**
 * The project's Kafka producer: idempotent, acks from all in-sync replicas, bounded retries.
 * Concurrent publishes are grouped into one produce request per linger window, and each
 * caller waits for its own broker ack or its deadline, whichever comes first.
 */
export class KafkaPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaPublisher.name);
  private readonly producer: Producer;
  private readonly batcher: PublishBatcher<Outgoing>;
  private readonly probe: ClusterProbe | undefined;
  private connecting: Promise<void> | undefined;
  private connected = false;
  private closed = false;
  private readonly published;
  private readonly batchSizes;

  constructor(options: KafkaPublisherOptions) {
    this.producer = createKafka(options).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Java's murmur2 partitioning, stated so that kafkajs stops warning about its default:
      // a key lands on the partition any other Kafka client would pick for it.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2_000, ...options.retry },
    });
    this.producer.on(this.producer.events.DISCONNECT, () => void (this.connected = false));
    this.batcher = new PublishBatcher<Outgoing>(
      { lingerMs: 2, maxBatchSize: 500, maxInFlight: 1, ...options.batching },
      (batch) => this.sendBatch(batch),
    );
    this.published = counter(options.metrics, {
      name: 'messaging_published_messages_total',
      help: 'Messages published to Kafka, by topic and outcome (ok, timeout, error).',
      labelNames: ['topic', 'outcome'],
    });
    this.batchSizes = histogram(options.metrics, {
      name: 'messaging_produce_batch_size',
      help: 'Messages carried by one produce request.',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
    });
    if (options.readiness) {
      const probe = (this.probe = new ClusterProbe(options));
      options.readiness.register('kafka', async () => this.connected && (await probe.answers()));
    }
  }

  /** Starts connecting without holding up boot: publishes wait for it within their deadline. */
  onModuleInit(): void {
    this.connect().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'Kafka not reachable at boot; publishes will retry'),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** True while the producer holds a connection to the cluster. */
  get isConnected(): boolean {
    return this.connected;
  }

  /** Connects the producer (shared by concurrent callers); rejects MESSAGING_BROKER_UNAVAILABLE. */
  connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    this.connecting ??= this.producer
      .connect()
      .then(() => void (this.connected = true))
      .catch((error: unknown) => Promise.reject(toPublishError(error, '*')))
      .finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /**
   * Publishes one record and resolves once the broker acknowledged it (acks=all). Rejects
   * with MESSAGING_PUBLISH_TIMEOUT at the deadline, or MESSAGING_BROKER_UNAVAILABLE /
   * MESSAGING_PUBLISH_FAILED when kafkajs gave up earlier.
   */
  async publish(topic: string, message: PublishMessage, options: PublishOptions): Promise<void> {
    if (this.closed) {
      throw new MessagingError('MESSAGING_PUBLISHER_CLOSED', 'the publisher is closed', { topic });
    }
    const outgoing = { topic, message: toKafkaMessage(topic, message) };

    const pending = this.batcher.add(outgoing);
    try {
      await withDeadline(pending.done, options.timeoutMs, topic);
      this.published.inc({ topic, outcome: 'ok' });
    } catch (error) {
      pending.abandon();
      const outcome = isTimeout(error) ? 'timeout' : 'error';
      this.published.inc({ topic, outcome });
      throw error;
    }
  }

  /** Stops accepting publishes and disconnects; waiting publishes settle by their deadline. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.probe?.close();
    // A connect still under way (a shutdown right after boot) would open its sockets after
    // this disconnect and keep the process alive: disconnect again once it settles.
    void this.connecting
      ?.catch(() => undefined)
      .then(() => this.producer.disconnect())
      .catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
    this.connected = false;
  }

  private async sendBatch(batch: Outgoing[]): Promise<void> {
    this.batchSizes.observe(batch.length);
    try {
      await this.connect();
      await this.producer.sendBatch({ acks: -1, topicMessages: groupByTopic(batch) });
    } catch (error) {
      throw toPublishError(error, batch[0]?.topic ?? '*');
    }
  }
}

function groupByTopic(batch: Outgoing[]): { topic: string; messages: Message[] }[] {
  const byTopic = new Map<string, Message[]>();
  for (const { topic, message } of batch) {
    const messages = byTopic.get(topic) ?? [];
    messages.push(message);
    byTopic.set(topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** Serializes a value the way every consumer of the project expects it. */
export function serializeValue(value: unknown): string | Buffer {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  const json = value === undefined ? undefined : JSON.stringify(value);
  if (json === undefined) {
    throw new MessagingError('MESSAGING_BAD_VALUE', 'the value cannot be serialized as JSON');
  }
  return json;
}

function toKafkaMessage(topic: string, message: PublishMessage): Message {
  try {
    const headers: IHeaders | undefined = message.headers;
    return { key: message.key, value: serializeValue(message.value), headers };
  } catch (error) {
    throw new MessagingError(
      'MESSAGING_BAD_VALUE',
      'the value cannot be serialized as JSON',
      { topic },
      { cause: error },
    );
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof MessagingError && error.code === 'MESSAGING_PUBLISH_TIMEOUT';
}

async function withDeadline(done: Promise<void>, timeoutMs: number, topic: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new MessagingError('MESSAGING_PUBLISH_TIMEOUT', 'no broker ack before the deadline', {
            topic,
            timeoutMs,
          }),
        ),
      timeoutMs,
    );
  });
  try {
    await Promise.race([done, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
