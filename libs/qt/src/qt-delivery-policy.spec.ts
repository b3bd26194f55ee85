import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { QtDeliveryPolicy } from './qt-delivery-policy';
import { createQtClientMetrics } from './qt-metrics';

interface FakeQt {
  server: Server;
  url: string;
  hits: number;
  answer: (res: ServerResponse) => void;
}

async function fakeQt(answer: (res: ServerResponse) => void): Promise<FakeQt> {
  const qt = { hits: 0, answer } as FakeQt;
  qt.server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      qt.hits++;
      qt.answer(res);
    });
  });
  await new Promise<void>((resolve) => qt.server.listen(0, '127.0.0.1', resolve));
  qt.url = `http://127.0.0.1:${(qt.server.address() as AddressInfo).port}`;
  return qt;
}

const ok = (res: ServerResponse) =>
  res.end('{"code":"Httpapi_300_200","message":"Report success"}');
const down = (res: ServerResponse) => res.writeHead(502).end('bad gateway');
const fast = { initialDelayMs: 1, maxDelayMs: 5 };

describe(QtDeliveryPolicy.name, () => {
  const servers: Server[] = [];

  async function start(answer: (res: ServerResponse) => void): Promise<FakeQt> {
    const qt = await fakeQt(answer);
    servers.push(qt.server);
    return qt;
  }

  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  describe('retries', () => {
    it('retries 5xx answers and reports the attempts once QT accepts', async () => {
      let failures = 2;
      const qt = await start((res) => (failures-- > 0 ? down(res) : ok(res)));
      const metrics = createQtClientMetrics(new Registry());
      const policy = new QtDeliveryPolicy({ endpoint: qt.url, ...fast, metrics });

      const outcome = await policy.deliver('{}');

      expect(outcome).toEqual({ kind: 'accepted', attempts: 3, endpoint: 'primary' });
      expect((await metrics.retries.get()).values[0].value).toBe(2);
      const responses = (await metrics.responses.get()).values;
      expect(responses.find((v) => v.labels.code === 'http-5xx')?.value).toBe(2);
      expect(responses.find((v) => v.labels.code === 'Httpapi_300_200')?.value).toBe(1);
    });

    it('does not retry a QT code other than success', async () => {
      const qt = await start((res) =>
        res.end('{"code":"Httpapi_300_106","message":"Incorrect ak/sk"}'),
      );
      const policy = new QtDeliveryPolicy({ endpoint: qt.url, ...fast });

      const outcome = await policy.deliver('{}');

      expect(outcome).toEqual({
        kind: 'rejected',
        code: 'Httpapi_300_106',
        message: 'Incorrect ak/sk',
        attempts: 1,
        endpoint: 'primary',
      });
      expect(qt.hits).toBe(1);
    });

    it('reports an outage as unavailable after the attempts, never as a rejection', async () => {
      const qt = await start(down);
      const policy = new QtDeliveryPolicy({ endpoint: qt.url, maxAttempts: 4, ...fast });

      expect(await policy.deliver('{}')).toEqual({
        kind: 'unavailable',
        reason: 'http-5xx',
        attempts: 4,
      });
      expect(qt.hits).toBe(4);
    });
  });

  describe('failover', () => {
    it('sends to the fallback once the primary failed failoverAfter times in a row', async () => {
      const primary = await start(down);
      const fallback = await start(ok);
      const metrics = createQtClientMetrics(new Registry());
      const policy = new QtDeliveryPolicy({
        endpoint: primary.url,
        fallbackEndpoint: fallback.url,
        failoverAfter: 2,
        ...fast,
        metrics,
      });

      const first = await policy.deliver('{}');
      const second = await policy.deliver('{}');

      expect(first).toEqual({ kind: 'accepted', attempts: 3, endpoint: 'fallback' });
      expect(second).toEqual({ kind: 'accepted', attempts: 1, endpoint: 'fallback' });
      expect(primary.hits).toBe(2);
      expect(policy.failedOver).toBe(true);
      expect((await metrics.failovers.get()).values[0].value).toBe(2);
    });

    it('returns to the primary once a trial request finds it well', async () => {
      const primary = await start(down);
      const fallback = await start(ok);
      const policy = new QtDeliveryPolicy({
        endpoint: primary.url,
        fallbackEndpoint: fallback.url,
        failoverAfter: 1,
        primaryRetryAfterMs: 50,
        ...fast,
      });
      await policy.deliver('{}');
      primary.answer = ok;

      const deadline = Date.now() + 5_000;
      let outcome = await policy.deliver('{}');
      while (
        outcome.kind === 'accepted' &&
        outcome.endpoint === 'fallback' &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        outcome = await policy.deliver('{}');
      }

      expect(outcome).toEqual({ kind: 'accepted', attempts: 1, endpoint: 'primary' });
      expect(policy.failedOver).toBe(false);
    });
  });
});
