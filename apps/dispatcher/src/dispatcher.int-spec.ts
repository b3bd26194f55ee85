import type { DeadLetterV1 } from '@oa-relay/events';
import {
  filterDeadLetters,
  KafkaPublisher,
  readDeadLetters,
  replayDeadLetters,
} from '@oa-relay/messaging';
import { waitFor } from '@oa-relay/testing';
import { freePort } from '../../../scripts/local/local-services';
import {
  interleave,
  msgIdsBySender,
  startDispatcherStack,
  userStreams,
  waitForDelivered,
  type DispatcherStack,
} from '../test/dispatcher-stack';

jest.setTimeout(120_000);

function expectedOrder(streams: ReturnType<typeof userStreams>): Map<string, string[]> {
  return new Map(
    streams.map((stream) => [stream[0].raw.openId, stream.map((e) => e.push.msgId as string)]),
  );
}

describe('dispatcher against the QT sandbox', () => {
  let stack: DispatcherStack;

  afterEach(async () => {
    await stack?.close();
  });

  describe('QT answering 5xx, then down for a while', () => {
    it('pauses and probes instead of dead-lettering, then delivers everything once, in per-user order', async () => {
      stack = await startDispatcherStack();
      const dispatcher = await stack.startDispatcher();
      const streams = userStreams(5, 20);
      const first = streams.map((s) => s.slice(0, 10));
      const second = streams.map((s) => s.slice(10));

      await stack.setFaults({ outage: true });
      await stack.publish(interleave(first));
      await waitFor(async () => (await dispatcher.metric('oa_relay_dispatcher_paused')) === 1, {
        description: 'the dispatcher paused, probing',
      });
      const duringOutage = {
        delivered: (await stack.delivered()).length,
        dlq: await stack.topicSize(stack.topics.dlq),
      };
      await stack.setFaults({ outage: false, errorRate: 0.3 });
      await stack.publish(interleave(second));
      const events = await waitForDelivered(stack, 100);
      await waitFor(async () => (await dispatcher.metric('oa_relay_dispatcher_paused')) === 0, {
        description: 'the dispatcher resumed',
      });

      expect(duringOutage).toEqual({ delivered: 0, dlq: 0 });
      expect(events).toHaveLength(100);
      expect(msgIdsBySender(events)).toEqual(expectedOrder(streams));
      expect(await stack.topicSize(stack.topics.dlq)).toBe(0);
      expect(await stack.topicSize(stack.topics.analytics)).toBe(100);
      expect(
        await dispatcher.metric('oa_relay_qt_responses_total', { code: 'http-5xx' }),
      ).toBeGreaterThan(0);
      expect(
        await dispatcher.metric('oa_relay_qt_responses_total', { code: 'Httpapi_300_200' }),
      ).toBe(100);
      expect(await dispatcher.metric('oa_relay_qt_retries_total')).toBeGreaterThan(0);
      expect(
        await dispatcher.metric('oa_relay_dispatcher_events_total', { outcome: 'delivered' }),
      ).toBe(100);
    });
  });

  describe('primary endpoint down', () => {
    it('fails over to QT_FALLBACK_ENDPOINT, and a second copy of each event is not sent again', async () => {
      stack = await startDispatcherStack();
      const deadPrimary = `http://127.0.0.1:${await freePort()}`;
      const dispatcher = await stack.startDispatcher({
        QT_ENDPOINT: deadPrimary,
        QT_FALLBACK_ENDPOINT: stack.sandbox.url,
      });
      const envelopes = interleave(userStreams(3, 10));

      await stack.publish(envelopes);
      await waitForDelivered(stack, 30);
      await stack.publish(envelopes);
      await waitFor(
        async () =>
          (await dispatcher.metric('oa_relay_dispatcher_events_total', {
            outcome: 'already_delivered',
          })) === 30,
        { description: 'the copies skipped' },
      );

      expect(await stack.delivered()).toHaveLength(30);
      expect(await dispatcher.metric('oa_relay_qt_failovers_total')).toBeGreaterThan(0);
      expect(
        await dispatcher.metric('oa_relay_qt_responses_total', {
          code: 'Httpapi_300_200',
          endpoint: 'fallback',
        }),
      ).toBe(30);
      expect(
        await dispatcher.metric('oa_relay_qt_responses_total', {
          code: 'network',
          endpoint: 'primary',
        }),
      ).toBeGreaterThan(0);
    });
  });

  describe('a wrong ServiceSecret', () => {
    it('dead-letters every event with Httpapi_300_101, and a replay after the fix delivers them all', async () => {
      stack = await startDispatcherStack();
      const wrong = await stack.startDispatcher({ QT_SERVICE_SECRET: 'not-the-service-secret' });
      const streams = userStreams(2, 10);
      const sent = await stack.publish(interleave(streams));

      await waitFor(async () => (await stack.topicSize(stack.topics.dlq)) === 20, {
        description: '20 dead letters',
      });
      const deadLettered = await wrong.metric('oa_relay_dispatcher_dead_letters_total', {
        code: 'Httpapi_300_101',
      });
      await wrong.close();
      const letters = await readDeadLetters({
        brokers: stack.brokers,
        clientId: 'spec-dlq',
        topic: stack.topics.dlq,
      });
      await stack.startDispatcher({ DISPATCHER_GROUP_ID: wrong.config.DISPATCHER_GROUP_ID });
      const publisher = new KafkaPublisher({ brokers: stack.brokers, clientId: 'spec-replay' });
      const chosen = filterDeadLetters(letters, {
        stages: ['dispatcher'],
        codes: ['Httpapi_300_101'],
      });
      const replayed = await replayDeadLetters(publisher, stack.topics.dlq, chosen).finally(() =>
        publisher.close(),
      );
      const events = await waitForDelivered(stack, 20);

      expect(deadLettered).toBe(20);
      expect(letters.map((l) => l.letter.payload).sort()).toEqual([...sent].sort());
      expect(letters[0].letter).toMatchObject<Partial<DeadLetterV1>>({
        schema: 'wechat.dlq.v1',
        stage: 'dispatcher',
        code: 'Httpapi_300_101',
        qt: { code: 'Httpapi_300_101', message: 'Illegal signature' },
        attempts: 1,
      });
      expect(letters.every((l) => l.letter.source.topic === stack.topics.source)).toBe(true);
      expect(replayed).toBe(20);
      expect(events).toHaveLength(20);
      expect(msgIdsBySender(events)).toEqual(expectedOrder(streams));
      expect(await stack.topicSize(stack.topics.analytics)).toBe(20);
    });
  });
});
