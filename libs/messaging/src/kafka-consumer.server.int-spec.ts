import type { DeadLetterV1 } from '@oa-relay/events';
import { testKafkaBrokers, uniqueName, waitFor } from '@oa-relay/testing';
import {
  committedOffsets,
  freshTopics,
  publishAll,
  readRecords,
  specController,
  startConsumer,
  type SpecHandler,
} from '../test/kafka-test-helpers';
import type { ConsumedRecord } from './consumed-record';
import type { KafkaConsumerServerOptions } from './kafka-consumer.options';
import { KafkaConsumerServer } from './kafka-consumer.server';
import { PermanentError, RetriableError } from './messaging-errors';

jest.setTimeout(90_000);

const brokers = testKafkaBrokers();

function options(
  dlq: string,
  extra: Partial<KafkaConsumerServerOptions> = {},
): KafkaConsumerServerOptions {
  return {
    brokers,
    clientId: 'spec',
    groupId: uniqueName('group'),
    stage: 'enricher',
    deadLetterTopic: dlq,
    backoff: { initialDelayMs: 20, maxDelayMs: 200 },
    commitIntervalMs: 100,
    shutdownTimeoutMs: 2_000,
    ...extra,
  };
}

async function consume(
  topic: string,
  dlq: string,
  handle: SpecHandler,
  extra: Partial<KafkaConsumerServerOptions> = {},
) {
  return startConsumer([specController(topic, handle)], options(dlq, extra));
}

describe(KafkaConsumerServer.name, () => {
  describe('per-key order', () => {
    it('handles records of one key in order while different keys run concurrently', async () => {
      const { topic, dlq } = await freshTopics(brokers, 2);
      const keys = Array.from({ length: 8 }, (_, i) => `key-${i}`);
      await publishAll(
        brokers,
        topic,
        keys.flatMap((key) => Array.from({ length: 15 }, (_, seq) => ({ key, value: { seq } }))),
      );
      const seen = new Map<string, number[]>();
      let running = 0;
      let peak = 0;

      const consumer = await consume(topic, dlq, async (record: ConsumedRecord) => {
        peak = Math.max(peak, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10));
        const value = record.value as { seq: number };
        seen.set(record.key!, [...(seen.get(record.key!) ?? []), value.seq]);
        running -= 1;
      });
      await waitFor(() => [...seen.values()].flat().length === 120, {
        description: '120 records handled',
      });
      await consumer.close();

      for (const key of keys)
        expect(seen.get(key)).toEqual(Array.from({ length: 15 }, (_, i) => i));
      expect(peak).toBeGreaterThan(1);
    });
  });

  describe('flow control', () => {
    it("fetches a paused partition again soon after its buffer drains, not after kafkajs' 5 s sleep", async () => {
      const { topic, dlq } = await freshTopics(brokers, 1);
      const record = (i: number) => ({ key: `key-${i}`, value: { i } });
      await publishAll(brokers, topic, [0, 1, 2, 3].map(record));
      const handledAt = new Map<number, number>();
      let publishedLater: Promise<void> | undefined;

      // Four records fill the buffer, so the only partition is paused: the next four arrive
      // while it is, and are fetched once the first four are done.
      const consumer = await consume(
        topic,
        dlq,
        async (consumed: ConsumedRecord) => {
          const { i } = consumed.value as { i: number };
          if (i === 0) publishedLater ??= publishAll(brokers, topic, [4, 5, 6, 7].map(record));
          await publishedLater;
          handledAt.set(i, Date.now());
        },
        { concurrency: 4, maxBufferedPerPartition: 4 },
      );
      await waitFor(() => handledAt.size === 8, { description: '8 records handled' });
      await consumer.close();

      const firstDone = Math.max(...[0, 1, 2, 3].map((i) => handledAt.get(i)!));
      const nextStarted = Math.min(...[4, 5, 6, 7].map((i) => handledAt.get(i)!));
      expect(nextStarted - firstDone).toBeLessThan(2_000);
    });
  });

  describe('handler lookup', () => {
    it("resolves a topic's handler once, not once per record", async () => {
      const { topic, dlq } = await freshTopics(brokers, 2);
      await publishAll(
        brokers,
        topic,
        Array.from({ length: 50 }, (_, seq) => ({ key: `key-${seq % 5}`, value: { seq } })),
      );
      const lookup = jest.spyOn(KafkaConsumerServer.prototype, 'getHandlerByPattern');
      let handled = 0;

      try {
        const consumer = await consume(topic, dlq, () => {
          handled += 1;
          return Promise.resolve();
        });
        await waitFor(() => handled === 50, { description: '50 records handled' });
        await consumer.close();

        expect(lookup.mock.calls.filter(([pattern]) => pattern === topic)).toHaveLength(1);
      } finally {
        lookup.mockRestore();
      }
    });
  });

  describe('dead letters', () => {
    it('dead-letters a poison record with its payload untouched and lets the next record flow', async () => {
      const { topic, dlq } = await freshTopics(brokers, 1);
      const poison = '{"eventId":"e-1","bad":true,"text":"日本語 ✓"}';
      await publishAll(brokers, topic, [
        { key: 'k', value: poison },
        { key: 'k', value: 'not json <xml/>' },
        { key: 'k', value: { eventId: 'e-3' } },
      ]);
      const handled: string[] = [];
      const group = uniqueName('group');

      const consumer = await consume(
        topic,
        dlq,
        (record: ConsumedRecord) => {
          if ((record.value as { bad?: boolean }).bad)
            throw new PermanentError('SPEC_BAD_PAYLOAD', 'bad payload');
          handled.push(record.rawValue);
        },
        { groupId: group },
      );
      const letters = (await readRecords(brokers, dlq, 2)).map((r) => ({
        key: r.key,
        letter: JSON.parse(r.value) as DeadLetterV1,
      }));
      await waitFor(() => handled.length === 1, {
        description: 'the record after the poison handled',
      });
      await waitFor(async () => (await committedOffsets(brokers, group, topic)).get(0) === 3n, {
        description: 'offset 3 committed',
      });
      await consumer.close();

      expect(handled).toEqual(['{"eventId":"e-3"}']);
      expect(letters.map((l) => l.key)).toEqual(['k', 'k']);
      expect(letters[0].letter).toMatchObject({
        schema: 'wechat.dlq.v1',
        stage: 'enricher',
        code: 'SPEC_BAD_PAYLOAD',
        attempts: 1,
        payload: poison,
        source: { topic, partition: 0, offset: '0', key: 'k' },
      });
      expect(letters[1].letter).toMatchObject({
        code: 'MESSAGING_BAD_JSON',
        payload: 'not json <xml/>',
        attempts: 0,
      });
    });

    it("dead-letters a bare @EventPattern's permanent failure by its own code, once Nest's mask is seen through", async () => {
      const { topic, dlq } = await freshTopics(brokers, 1);
      await publishAll(brokers, topic, [{ key: 'k', value: { n: 1 } }]);
      let attempts = 0;
      const controller = specController(
        topic,
        () => {
          attempts += 1;
          throw new PermanentError('SPEC_BAD_PAYLOAD', 'bad payload');
        },
        true,
      );

      const consumer = await startConsumer([controller], options(dlq));
      const [letter] = await readRecords(brokers, dlq, 1);
      await consumer.close();

      // The first run's error arrives masked; the attempt runs again, scoped, and is read.
      expect(attempts).toBe(2);
      expect(JSON.parse(letter.value)).toMatchObject({ code: 'SPEC_BAD_PAYLOAD', attempts: 1 });
    });

    it('retries an unexpected error a bounded number of times, then dead-letters it as INTERNAL_ERROR', async () => {
      const { topic, dlq } = await freshTopics(brokers, 1);
      await publishAll(brokers, topic, [{ key: 'k', value: { n: 1 } }]);
      let attempts = 0;

      const consumer = await consume(
        topic,
        dlq,
        () => {
          attempts += 1;
          throw new TypeError('undefined is not a function');
        },
        { maxBugAttempts: 3 },
      );
      const [letter] = await readRecords(brokers, dlq, 1);
      await consumer.close();

      expect(attempts).toBe(3);
      expect(JSON.parse(letter.value)).toMatchObject({
        code: 'INTERNAL_ERROR',
        attempts: 3,
        payload: '{"n":1}',
      });
    });
  });

  describe('retriable failures', () => {
    it.each([
      // A bare handler's first masked error is seen through by running its attempt again.
      ['@KafkaHandler', false, [1, 2, 3, 4]],
      ['a bare @EventPattern', true, [1, 1, 2, 3, 4]],
    ])(
      'delays but loses nothing and keeps key order (declared with %s)',
      async (_name, bare, runs) => {
        const { topic, dlq } = await freshTopics(brokers, 1);
        await publishAll(
          brokers,
          topic,
          [1, 2, 3].map((seq) => ({ key: 'k', value: { seq } })),
        );
        const handled: number[] = [];
        const attempts: number[] = [];

        const controller = specController(
          topic,
          (record) => {
            const { seq } = record.value as { seq: number };
            if (seq === 1) attempts.push(record.attempt);
            if (seq === 1 && record.attempt < 4) throw new RetriableError('redis down');
            handled.push(seq);
          },
          bare,
        );
        const consumer = await (
          await import('../test/kafka-test-helpers')
        ).startConsumer([controller], options(dlq));
        await waitFor(() => handled.length === 3, { description: 'three records handled' });
        await consumer.close();

        expect(handled).toEqual([1, 2, 3]);
        expect(attempts).toEqual(runs);
      },
    );

    it('pauses the whole consumer and probes with one record during a sustained outage', async () => {
      const { topic, dlq } = await freshTopics(brokers, 3);
      await publishAll(
        brokers,
        topic,
        Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 10}`, value: { i } })),
      );
      let outage = true;
      let running = 0;
      let peakWhileProbing = 0;
      const handled = new Set<number>();
      const ref: { server?: KafkaConsumerServer } = {};

      const consumer = await consume(
        topic,
        dlq,
        async (record) => {
          running += 1;
          if (ref.server?.getPauseState().probing)
            peakWhileProbing = Math.max(peakWhileProbing, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
          if (outage) throw new RetriableError('QT 503');
          handled.add((record.value as { i: number }).i);
        },
        { pauseAfterRetriableFailures: 5 },
      );
      ref.server = consumer.server;
      await waitFor(() => consumer.server.getPauseState().probing, { description: 'probing' });
      const paused = consumer.server.getPauseState();
      await waitFor(
        () => running === 0 && consumer.server.getPauseState().consecutiveRetriableFailures > 12,
        {
          description: 'a few probes',
        },
      );
      outage = false;
      await waitFor(() => handled.size === 30, {
        description: 'all 30 records handled after the outage',
      });
      const resumed = consumer.server.getPauseState();
      await consumer.close();

      expect(paused.pausedPartitions.length).toBeGreaterThan(0);
      expect(peakWhileProbing).toBeLessThanOrEqual(1);
      expect(resumed.probing).toBe(false);
    });
  });

  describe('commits', () => {
    it('never commits past an unfinished record: a restarted consumer gets it again', async () => {
      const { topic, dlq } = await freshTopics(brokers, 1);
      await publishAll(
        brokers,
        topic,
        Array.from({ length: 10 }, (_, i) => ({ key: i === 3 ? 'stuck' : `k${i}`, value: { i } })),
      );
      const groupId = uniqueName('group');
      const firstRun = new Set<number>();
      let release!: () => void;
      const stuck = new Promise<void>((resolve) => (release = resolve));

      const first = await consume(
        topic,
        dlq,
        async (record) => {
          const { i } = record.value as { i: number };
          if (i === 3) await stuck;
          firstRun.add(i);
        },
        { groupId, shutdownTimeoutMs: 300 },
      );
      await waitFor(() => firstRun.size === 9, { description: 'all but the stuck record handled' });
      await waitFor(async () => (await committedOffsets(brokers, groupId, topic)).get(0) === 3n, {
        description: 'commit stops at the stuck offset',
      });
      await first.close();
      release();
      const afterClose = (await committedOffsets(brokers, groupId, topic)).get(0);

      const secondRun: number[] = [];
      const second = await consume(
        topic,
        dlq,
        (record) => void secondRun.push((record.value as { i: number }).i),
        { groupId },
      );
      await waitFor(() => secondRun.length === 7, {
        description: 'the second consumer re-reads from the stuck record',
      });
      await waitFor(async () => (await committedOffsets(brokers, groupId, topic)).get(0) === 10n, {
        description: 'all committed',
      });
      await second.close();

      expect(afterClose).toBe(3n);
      expect(secondRun).toEqual([3, 4, 5, 6, 7, 8, 9]);
    });
  });

  describe('boot', () => {
    it('refuses to start when a listed topic has no handler', async () => {
      const { topic, dlq } = await freshTopics(brokers, 1);

      const started = consume(topic, dlq, () => undefined, {
        topics: [topic, 'wechat.nobody-handles.v1'],
      });

      await expect(started).rejects.toMatchObject({ code: 'MESSAGING_NO_HANDLER' });
    });
  });
});
