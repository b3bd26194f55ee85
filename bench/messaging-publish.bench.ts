/**
 * Ack latency and throughput of KafkaPublisher on the gateway's hot path: `callers` concurrent
 * loops each publish one record and wait for its own ack (acks=all), like concurrent HTTP
 * requests. Compares no linger with the default 2 ms linger and counts produce requests.
 *
 *   npm run build && node dist/bench/messaging-publish.bench.js <brokers> [messages] [callers]
 */
import { ensureTopics, KafkaPublisher } from '@oa-relay/messaging';
import { build as buildHistogram } from 'hdr-histogram-js';
import { randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';

interface Round {
  lingerMs: number;
  callers: number;
}

async function produceRequests(metrics: Registry): Promise<number> {
  const metric = await metrics.getSingleMetric('messaging_produce_batch_size')?.get();
  const count = metric?.values.find((v) =>
    (v as { metricName?: string }).metricName?.endsWith('_count'),
  );
  return count?.value ?? Number.NaN;
}

async function runRound(brokers: string[], messages: number, round: Round): Promise<void> {
  const topic = `bench-publish-${randomBytes(4).toString('hex')}`;
  await ensureTopics(brokers, [{ name: topic, partitions: 12 }]);
  const metrics = new Registry();
  const publisher = new KafkaPublisher({
    brokers,
    clientId: 'bench',
    metrics,
    batching: { lingerMs: round.lingerMs },
  });
  await publisher.connect();
  const histogram = buildHistogram({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const value = { eventId: 'x'.repeat(32), body: 'y'.repeat(900) };
  let next = 0;

  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: round.callers }, async () => {
      while (next < messages) {
        const i = next++;
        const t0 = process.hrtime.bigint();
        await publisher.publish(topic, { key: `wx:${i % 5_000}`, value }, { timeoutMs: 30_000 });
        histogram.recordValue(Number((process.hrtime.bigint() - t0) / 1_000n));
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const requests = await produceRequests(metrics);
  await publisher.close();

  console.log(
    [
      `linger=${round.lingerMs}ms callers=${round.callers}`,
      `${Math.round(messages / seconds)} msg/s`,
      `ack p50=${(histogram.getValueAtPercentile(50) / 1000).toFixed(2)}ms`,
      `p99=${(histogram.getValueAtPercentile(99) / 1000).toFixed(2)}ms`,
      `produce requests=${requests} (${(messages / requests).toFixed(1)} msg/request)`,
    ].join('  '),
  );
}

async function main(): Promise<void> {
  const [brokerList, messagesArg, callersArg] = process.argv.slice(2);
  if (!brokerList)
    throw new Error('usage: messaging-publish.bench.js <brokers> [messages] [callers]');
  const brokers = brokerList.split(',');
  const messages = Number(messagesArg ?? 20_000);
  const callers = Number(callersArg ?? 1_000);

  for (const round of [
    { lingerMs: 0, callers: 1 },
    { lingerMs: 2, callers: 1 },
    { lingerMs: 0, callers },
    { lingerMs: 2, callers },
  ]) {
    await runRound(brokers, round.callers === 1 ? Math.min(messages, 2_000) : messages, round);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
