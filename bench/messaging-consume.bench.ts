/**
 * Records per second through KafkaConsumerServer with a handler that takes `handlerMs`, for
 * per-partition concurrency 1 (one record at a time, like kafkajs' eachMessage) and 64
 * (different keys in parallel). Records are spread over 12 partitions and 2,000 keys.
 *
 *   npm run build && node dist/bench/messaging-consume.bench.js <brokers> [records] [handlerMs]
 */
import { Controller, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  ensureTopics,
  KafkaConsumerServer,
  KafkaHandler,
  KafkaPublisher,
  type ConsumedRecord,
} from '@oa-relay/messaging';
import { randomBytes } from 'node:crypto';

function controllerFor(topic: string, handle: (record: ConsumedRecord) => Promise<void>): Type {
  @Controller()
  class BenchController {
    @KafkaHandler(topic)
    handle(record: ConsumedRecord): Promise<void> {
      return handle(record);
    }
  }
  return BenchController;
}

async function fill(brokers: string[], topic: string, records: number): Promise<void> {
  const publisher = new KafkaPublisher({ brokers, clientId: 'bench-fill' });
  const value = { eventId: 'x'.repeat(32), body: 'y'.repeat(900) };
  await Promise.all(
    Array.from({ length: records }, (_, i) =>
      publisher.publish(topic, { key: `wx:${i % 2_000}`, value }, { timeoutMs: 60_000 }),
    ),
  );
  await publisher.close();
}

async function runRound(
  brokers: string[],
  topic: string,
  records: number,
  handlerMs: number,
  concurrency: number,
): Promise<void> {
  let handled = 0;
  let firstAt = 0;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const controller = controllerFor(topic, async () => {
    firstAt ||= Date.now();
    if (handlerMs > 0) await new Promise((resolve) => setTimeout(resolve, handlerMs));
    if (++handled === records) finished();
  });
  const moduleRef = await Test.createTestingModule({ controllers: [controller] }).compile();
  const server = new KafkaConsumerServer({
    brokers,
    clientId: 'bench',
    groupId: `bench-${randomBytes(4).toString('hex')}`,
    stage: 'enricher',
    concurrency,
    partitionsConsumedConcurrently: 12,
  });
  const app = moduleRef.createNestMicroservice({ strategy: server, logger: ['error'] });

  await app.listen();
  await done;
  const seconds = (Date.now() - firstAt) / 1000;
  await app.close();

  console.log(
    `handler=${handlerMs}ms concurrency=${concurrency}  ${records} records in ${seconds.toFixed(1)} s  ${Math.round(records / seconds)} records/s (first to last record)`,
  );
}

async function main(): Promise<void> {
  const [brokerList, recordsArg, handlerArg] = process.argv.slice(2);
  if (!brokerList)
    throw new Error('usage: messaging-consume.bench.js <brokers> [records] [handlerMs]');
  const brokers = brokerList.split(',');
  const records = Number(recordsArg ?? 20_000);
  const handlerMs = Number(handlerArg ?? 5);
  const topic = `bench-consume-${randomBytes(4).toString('hex')}`;
  await ensureTopics(brokers, [{ name: topic, partitions: 12 }]);
  await fill(brokers, topic, records);

  for (const concurrency of [1, 64])
    await runRound(brokers, topic, records, handlerMs, concurrency);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
