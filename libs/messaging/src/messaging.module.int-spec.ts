import { Test } from '@nestjs/testing';
import { MetricsRegistry, ObservabilityModule, ReadinessRegistry } from '@oa-relay/observability';
import { testKafkaBrokers, uniqueName, waitFor } from '@oa-relay/testing';
import { KafkaPublisher } from './kafka-publisher';
import { MessagingModule } from './messaging.module';
import { ensureTopics } from './topics';

jest.setTimeout(60_000);

describe(MessagingModule.name, () => {
  it('provides a publisher that connects on init, reports readiness and metrics, and closes on shutdown', async () => {
    const brokers = testKafkaBrokers();
    const topic = uniqueName('module');
    await ensureTopics(brokers, [{ name: topic, partitions: 1 }]);
    const moduleRef = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot({ service: 'spec', level: 'silent', pretty: false }),
        MessagingModule.forRoot({ brokers, clientId: 'spec' }),
      ],
    }).compile();
    const app = await moduleRef.init();
    const publisher = app.get(KafkaPublisher);

    await waitFor(async () => (await app.get(ReadinessRegistry).check()).kafka, {
      description: 'kafka ready',
    });
    await publisher.publish(topic, { key: 'k', value: { ok: true } }, { timeoutMs: 10_000 });
    const metrics = await app.get(MetricsRegistry).metrics();
    await app.close();

    expect(metrics).toMatch(
      new RegExp(`messaging_published_messages_total\\{[^}]*topic="${topic}"[^}]*outcome="ok"`),
    );
    expect(publisher.isConnected).toBe(false);
    await expect(
      publisher.publish(topic, { key: 'k', value: {} }, { timeoutMs: 100 }),
    ).rejects.toMatchObject({
      code: 'MESSAGING_PUBLISHER_CLOSED',
    });
  });
});
