import { createKafka, KafkaPublisher } from '@oa-relay/messaging';
import { uniqueName } from '@oa-relay/testing';
import type { Consumer } from 'kafkajs';

/** One record read back from a topic. */
export interface CollectedRecord<T> {
  key: string | null;
  partition: number;
  offset: string;
  raw: string;
  value: T;
}

/** Reads a topic from the beginning into memory for as long as the spec runs. */
export class TopicCollector<T> {
  readonly records: CollectedRecord<T>[] = [];
  private readonly consumer: Consumer;

  private constructor(brokers: string[]) {
    this.consumer = createKafka({ brokers, clientId: 'enricher-spec-reader' }).consumer({
      groupId: uniqueName('enricher-spec-reader'),
    });
  }

  /** Starts reading `topic`. */
  static async start<T>(brokers: string[], topic: string): Promise<TopicCollector<T>> {
    const collector = new TopicCollector<T>(brokers);
    await collector.consumer.connect();
    await collector.consumer.subscribe({ topic, fromBeginning: true });
    await collector.consumer.run({
      eachMessage: ({ partition, message }) => {
        const raw = message.value?.toString('utf8') ?? '';
        collector.records.push({
          key: message.key?.toString('utf8') ?? null,
          partition,
          offset: message.offset,
          raw,
          value: JSON.parse(raw) as T,
        });
        return Promise.resolve();
      },
    });
    return collector;
  }

  /** The records whose value matches. */
  where(match: (value: T) => boolean): CollectedRecord<T>[] {
    return this.records.filter((r) => match(r.value));
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** Publishes records in one go (the publisher batches them) and waits for every ack. */
export async function publishRecords(
  brokers: string[],
  topic: string,
  records: { key: string; value: unknown }[],
): Promise<void> {
  const publisher = new KafkaPublisher({ brokers, clientId: 'enricher-spec-producer' });
  try {
    await Promise.all(records.map((r) => publisher.publish(topic, r, { timeoutMs: 20_000 })));
  } finally {
    await publisher.close();
  }
}
