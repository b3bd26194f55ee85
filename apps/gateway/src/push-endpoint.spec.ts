import { createServer, type Server } from 'node:http';
import { Registry } from 'prom-client';
import { GatewayMetrics } from './gateway-metrics';
import { PushEndpoint } from './push-endpoint';
import type { IntakeOutcome, PushIntakeService } from './push-intake.service';

const APP_ID = 'wx00000000000000a1';

/** A PushEndpoint over a stand-in intake, on a real HTTP server of its own. */
async function serve(receive: () => Promise<IntakeOutcome>) {
  const registry = new Registry();
  const metrics = new GatewayMetrics(registry, new Set([APP_ID]));
  const endpoint = new PushEndpoint({ receive } as unknown as PushIntakeService, metrics, 1_024);
  const server: Server = createServer((request, response) =>
    endpoint.route(request, response, (_, res) => res.writeHead(404).end()),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const push = () =>
    fetch(`http://127.0.0.1:${port}/wechat/${APP_ID}?timestamp=1`, {
      method: 'POST',
      body: '<xml/>',
    });
  return { endpoint, server, registry, push };
}

describe(PushEndpoint.name, () => {
  let server: Server | undefined;

  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
  });

  it('keeps connections alive until shutdown begins, then closes each one it answers', async () => {
    const served = await serve(() => Promise.resolve({ kind: 'stored' }));
    server = served.server;

    const before = await served.push();
    served.endpoint.beforeApplicationShutdown();
    const during = await served.push();

    expect(await before.text()).toBe('success');
    expect(before.headers.get('connection')).toBe('keep-alive');
    expect(await during.text()).toBe('success');
    expect(during.headers.get('connection')).toBe('close');
  });

  it('answers a bug with 500 and a stable code, and counts it', async () => {
    const served = await serve(() => Promise.reject(new TypeError('undefined is not a function')));
    server = served.server;

    const response = await served.push();
    const metrics = await served.registry.metrics();

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      code: 'GATEWAY_INTERNAL_ERROR',
      message: 'the push could not be handled',
    });
    expect(metrics).toMatch(
      /gateway_refused_pushes_total\{account="wx00000000000000a1",code="GATEWAY_INTERNAL_ERROR"\} 1/,
    );
  });
});
