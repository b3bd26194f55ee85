import { ReadinessRegistry } from '@oa-relay/observability';
import { waitFor } from '@oa-relay/testing';
import { startLocalKafka, type StartedService } from '../../../scripts/local/local-services';
import { KafkaPublisher } from './kafka-publisher';

jest.setTimeout(180_000);

describe('KafkaPublisher readiness', () => {
  let broker: { brokers: string; service: StartedService } | undefined;
  let publisher: KafkaPublisher | undefined;

  beforeAll(async () => {
    // A broker of this spec's own, so that it can die without taking the other specs' along.
    broker = await startLocalKafka(`probe-${process.pid}`);
  });

  afterAll(async () => {
    await publisher?.close();
    await broker?.service.stop();
  });

  it('turns not ready when the broker dies after boot', async () => {
    const readiness = new ReadinessRegistry();
    publisher = new KafkaPublisher({
      brokers: [broker!.brokers],
      clientId: 'probe-spec',
      readiness,
    });
    await publisher.connect();

    expect(await readiness.check()).toEqual({ kafka: true });
    await broker!.service.stop();

    await waitFor(async () => (await readiness.check()).kafka === false, {
      timeoutMs: 15_000,
      description: 'kafka probe to report the dead broker',
    });
    expect(publisher.isConnected).toBe(true);
  });
});
