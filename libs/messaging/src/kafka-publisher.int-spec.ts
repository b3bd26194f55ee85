import { testKafkaBrokers, uniqueName, waitFor } from '@oa-relay/testing';
import { createServer, type AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { createKafka } from './kafka-client';
import { KafkaPublisher } from './kafka-publisher';
import { MessagingError } from './messaging-errors';
import { ensureTopics } from './topics';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function readAll(brokers: string[], topic: string, count: number): Promise<string[]> {
  const consumer = createKafka({ brokers, clientId: 'spec' }).consumer({
    groupId: uniqueName('g'),
  });
  const values: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => Promise.resolve(void values.push(String(message.value))),
  });
  try {
    await waitFor(() => values.length >= count, { description: `${count} messages on ${topic}` });
    return values;
  } finally {
    await consumer.disconnect();
  }
}

jest.setTimeout(60_000);

async function produceRequests(metrics: Registry): Promise<number> {
  const histogram = await metrics.getSingleMetric('messaging_produce_batch_size')!.get();
  const count = histogram.values.find(
    (v) => (v as { metricName?: string }).metricName === 'messaging_produce_batch_size_count',
  );
  return count?.value ?? Number.NaN;
}

describe(KafkaPublisher.name, () => {
  const brokers = testKafkaBrokers();

  describe('batching', () => {
    it('acknowledges many concurrent publishes with far fewer produce requests', async () => {
      const topic = uniqueName('pub');
      await ensureTopics(brokers, [{ name: topic, partitions: 3 }]);
      const metrics = new Registry();
      const publisher = new KafkaPublisher({ brokers, clientId: 'spec', metrics });
      await publisher.connect();

      const n = 2_000;
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          publisher.publish(topic, { key: `k${i % 50}`, value: { i } }, { timeoutMs: 10_000 }),
        ),
      );
      const batches = await produceRequests(metrics);
      await publisher.close();

      expect(batches).toBeLessThan(n / 10);
      const values = await readAll(brokers, topic, n);
      expect(new Set(values.map((v) => (JSON.parse(v) as { i: number }).i)).size).toBe(n);
    });
  });

  describe('values', () => {
    it('sends strings and Buffers as is and objects as JSON', async () => {
      const topic = uniqueName('pub');
      await ensureTopics(brokers, [{ name: topic, partitions: 1 }]);
      const publisher = new KafkaPublisher({ brokers, clientId: 'spec' });

      await publisher.publish(topic, { key: 'a', value: '<xml/>' }, { timeoutMs: 10_000 });
      await publisher.publish(
        topic,
        { key: 'a', value: Buffer.from('raw') },
        { timeoutMs: 10_000 },
      );
      await publisher.publish(topic, { key: 'a', value: { n: 1 } }, { timeoutMs: 10_000 });
      await publisher.close();

      expect(await readAll(brokers, topic, 3)).toEqual(['<xml/>', 'raw', '{"n":1}']);
    });
  });

  describe('deadline', () => {
    it('rejects with MESSAGING_PUBLISH_TIMEOUT within the deadline when no broker listens', async () => {
      const port = await closedPort();
      const publisher = new KafkaPublisher({ brokers: [`127.0.0.1:${port}`], clientId: 'spec' });
      publisher.onModuleInit();

      const started = Date.now();
      const error = await publisher
        .publish('wechat.raw.v1', { key: 'k', value: {} }, { timeoutMs: 300 })
        .catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      await publisher.close();

      expect(error).toBeInstanceOf(MessagingError);
      expect((error as MessagingError).code).toBe('MESSAGING_PUBLISH_TIMEOUT');
      expect(elapsed).toBeLessThan(600);
    });

    it('rejects with MESSAGING_PUBLISHER_CLOSED after close', async () => {
      const publisher = new KafkaPublisher({ brokers, clientId: 'spec' });
      await publisher.close();

      await expect(
        publisher.publish('wechat.raw.v1', { key: 'k', value: {} }, { timeoutMs: 300 }),
      ).rejects.toMatchObject({ code: 'MESSAGING_PUBLISHER_CLOSED' });
    });
  });

  describe('close', () => {
    it('leaves no connection behind when closed while it was still connecting', async () => {
      const publisher = new KafkaPublisher({ brokers, clientId: 'spec' });

      // A shutdown right after boot: the connect begun at init has not finished yet.
      const connecting = publisher.connect();
      await publisher.close();
      await connecting;

      await waitFor(() => !publisher.isConnected, {
        description: 'the late connection closed',
        timeoutMs: 5_000,
      });
    });
  });
});
