import { Controller, type Type } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { uniqueName, waitFor } from '@oa-relay/testing';
import {
  createKafka,
  ensureTopics,
  KafkaConsumerServer,
  KafkaHandler,
  KafkaPublisher,
  type ConsumedRecord,
  type KafkaConsumerServerOptions,
} from '../src';

/** A handler body for a spec's controller. */
export type SpecHandler = (record: ConsumedRecord) => unknown;

/** A controller with one Kafka handler on `topic`, declared with @KafkaHandler or bare @EventPattern. */
export function specController(topic: string, handle: SpecHandler, bare = false): Type {
  @Controller()
  class SpecController {
    @(bare ? EventPattern(topic) : KafkaHandler(topic))
    handle(@Payload() record: ConsumedRecord): unknown {
      return handle(record);
    }
  }
  return SpecController;
}

/** Boots a Nest microservice around a KafkaConsumerServer; close() stops both. */
export async function startConsumer(
  controllers: Type[],
  options: KafkaConsumerServerOptions,
): Promise<{ server: KafkaConsumerServer; close: () => Promise<void> }> {
  const moduleRef = await Test.createTestingModule({ controllers }).compile();
  const server = new KafkaConsumerServer(options);
  const app = moduleRef.createNestMicroservice({ strategy: server, logger: ['error', 'warn'] });
  await app.listen();
  return { server, close: () => app.close() };
}

/** Creates fresh topics for one spec: a source topic and a dead-letter topic. */
export async function freshTopics(
  brokers: string[],
  partitions = 3,
): Promise<{ topic: string; dlq: string }> {
  const topic = uniqueName('src');
  const dlq = uniqueName('dlq');
  await ensureTopics(brokers, [
    { name: topic, partitions },
    { name: dlq, partitions: 1 },
  ]);
  return { topic, dlq };
}

/** Publishes records in order and waits for every ack. */
export async function publishAll(
  brokers: string[],
  topic: string,
  records: { key: string | null; value: unknown }[],
): Promise<void> {
  const publisher = new KafkaPublisher({ brokers, clientId: 'spec-producer' });
  try {
    for (const record of records) await publisher.publish(topic, record, { timeoutMs: 10_000 });
  } finally {
    await publisher.close();
  }
}

/** Reads `count` records of a topic from the beginning, values as UTF-8 text. */
export async function readRecords(
  brokers: string[],
  topic: string,
  count: number,
): Promise<{ key: string | null; value: string; headers: Record<string, string> }[]> {
  const consumer = createKafka({ brokers, clientId: 'spec-reader' }).consumer({
    groupId: uniqueName('reader'),
  });
  const records: { key: string | null; value: string; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
      );
      records.push({ key: message.key?.toString() ?? null, value: String(message.value), headers });
      return Promise.resolve();
    },
  });
  try {
    await waitFor(() => records.length >= count, { description: `${count} records on ${topic}` });
    return records;
  } finally {
    await consumer.disconnect();
  }
}

/** The group's committed offset per partition of a topic. */
export async function committedOffsets(
  brokers: string[],
  groupId: string,
  topic: string,
): Promise<Map<number, bigint>> {
  const admin = createKafka({ brokers, clientId: 'spec-admin' }).admin();
  await admin.connect();
  try {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((result?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}
