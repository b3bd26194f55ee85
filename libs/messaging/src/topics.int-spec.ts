import { testKafkaBrokers, uniqueName } from '@oa-relay/testing';
import { createKafka } from './kafka-client';
import { ensureTopics } from './topics';

jest.setTimeout(60_000);

describe('ensureTopics', () => {
  const brokers = testKafkaBrokers();

  it('creates missing topics with their partition counts and is idempotent', async () => {
    const specs = [
      { name: uniqueName('t'), partitions: 4 },
      { name: uniqueName('t'), partitions: 2 },
    ];

    const first = await ensureTopics(brokers, specs);
    const second = await ensureTopics(brokers, specs);

    expect(first.created.sort()).toEqual(specs.map((s) => s.name).sort());
    expect(second).toEqual({ created: [], existing: specs.map((s) => s.name) });
    const admin = createKafka({ brokers, clientId: 'spec' }).admin();
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
    await admin.disconnect();
    expect(Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]))).toEqual(
      Object.fromEntries(specs.map((s) => [s.name, s.partitions])),
    );
  });

  it('refuses an existing topic whose partition count differs', async () => {
    const name = uniqueName('t');
    await ensureTopics(brokers, [{ name, partitions: 2 }]);

    await expect(ensureTopics(brokers, [{ name, partitions: 3 }])).rejects.toMatchObject({
      code: 'MESSAGING_TOPIC_SETUP_FAILED',
    });
  });
});
