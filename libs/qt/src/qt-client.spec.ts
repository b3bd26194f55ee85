import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QtClient } from './qt-client';
import { QtError } from './qt-errors';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function listen(
  handler: Handler,
): Promise<{ server: Server; url: string; sockets: () => number }> {
  let sockets = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => handler(req, res, body));
  });
  server.on('connection', () => sockets++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, sockets: () => sockets };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

describe(QtClient.name, () => {
  let server: Server | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  it('POSTs the body as JSON to /server/thirdPartyDataSource and reads success', async () => {
    const seen: { method?: string; url?: string; type?: string; body?: string } = {};
    const qt = await listen((req, res, body) => {
      Object.assign(seen, {
        method: req.method,
        url: req.url,
        type: req.headers['content-type'],
        body,
      });
      json(res, 200, { code: 'Httpapi_300_200', message: 'Report success' });
    });
    server = qt.server;

    const answer = await new QtClient({ endpoint: `${qt.url}/` }).send('{"a":"中"}');

    expect(answer).toEqual({ kind: 'accepted' });
    expect(seen).toEqual({
      method: 'POST',
      url: '/server/thirdPartyDataSource',
      type: 'application/json; charset=utf-8',
      body: '{"a":"中"}',
    });
  });

  it("returns QT's code and message for a rejection", async () => {
    const qt = await listen((_req, res) =>
      json(res, 200, { code: 'Httpapi_300_101', message: 'Illegal signature' }),
    );
    server = qt.server;

    const answer = await new QtClient({ endpoint: qt.url }).send('{}');

    expect(answer).toEqual({
      kind: 'rejected',
      code: 'Httpapi_300_101',
      message: 'Illegal signature',
    });
  });

  it('treats a 5xx as retriable', async () => {
    const qt = await listen((_req, res) => json(res, 503, { code: 'Httpapi_300_200' }));
    server = qt.server;

    expect(await new QtClient({ endpoint: qt.url }).send('{}')).toEqual({
      kind: 'retriable',
      reason: 'http-5xx',
      status: 503,
    });
  });

  it('treats a 200 whose body is not JSON as retriable', async () => {
    const qt = await listen((_req, res) => res.end('<html>proxy</html>'));
    server = qt.server;

    expect(await new QtClient({ endpoint: qt.url }).send('{}')).toMatchObject({
      reason: 'not-json',
    });
  });

  it('gives up on a slow answer after the timeout, as retriable', async () => {
    const qt = await listen(() => undefined);
    server = qt.server;

    const started = Date.now();
    const answer = await new QtClient({ endpoint: qt.url, timeoutMs: 200 }).send('{}');

    expect(answer).toEqual({ kind: 'retriable', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('treats a refused connection as a retriable network error', async () => {
    const qt = await listen(() => undefined);
    await new Promise((resolve) => qt.server.close(resolve));

    expect(await new QtClient({ endpoint: qt.url }).send('{}')).toEqual({
      kind: 'retriable',
      reason: 'network',
    });
  });

  it('rejects with QT_DELIVERY_ABORTED when the caller aborts, not with an answer', async () => {
    const qt = await listen(() => undefined);
    server = qt.server;
    const controller = new AbortController();

    const sending = new QtClient({ endpoint: qt.url }).send('{}', controller.signal);
    controller.abort();

    await expect(sending).rejects.toBeInstanceOf(QtError);
    await expect(sending).rejects.toMatchObject({ code: 'QT_DELIVERY_ABORTED' });
  });

  describe('connections', () => {
    it('reuses one kept-alive socket for sequential requests', async () => {
      const qt = await listen((_req, res) => json(res, 200, { code: 'Httpapi_300_200' }));
      server = qt.server;
      const client = new QtClient({ endpoint: qt.url });

      for (let i = 0; i < 20; i++) expect(await client.send('{}')).toEqual({ kind: 'accepted' });

      expect(qt.sockets()).toBe(1);
      client.close();
    });

    it('opens no more than maxSockets connections for concurrent requests', async () => {
      const qt = await listen((_req, res) => json(res, 200, { code: 'Httpapi_300_200' }));
      server = qt.server;
      const client = new QtClient({ endpoint: qt.url, maxSockets: 3 });

      const answers = await Promise.all(Array.from({ length: 30 }, () => client.send('{}')));

      expect(answers.every((a) => a.kind === 'accepted')).toBe(true);
      expect(qt.sockets()).toBeLessThanOrEqual(3);
      client.close();
    });

    it('counts the wait for a free socket against the timeout', async () => {
      const qt = await listen(() => undefined);
      server = qt.server;
      const client = new QtClient({ endpoint: qt.url, maxSockets: 1, timeoutMs: 200 });

      const answers = await Promise.all([client.send('{}'), client.send('{}')]);

      expect(answers).toEqual([
        { kind: 'retriable', reason: 'timeout' },
        { kind: 'retriable', reason: 'timeout' },
      ]);
      client.close();
    });

    it('treats a connection cut in the middle of the answer as a network error', async () => {
      const qt = await listen((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"code":');
        setImmediate(() => res.socket?.destroy());
      });
      server = qt.server;

      expect(await new QtClient({ endpoint: qt.url }).send('{}')).toEqual({
        kind: 'retriable',
        reason: 'network',
      });
    });
  });

  describe('aborting', () => {
    it('rejects at once when the signal is already aborted, sending nothing', async () => {
      let requests = 0;
      const qt = await listen((_req, res) => {
        requests += 1;
        json(res, 200, { code: 'Httpapi_300_200' });
      });
      server = qt.server;

      const sending = new QtClient({ endpoint: qt.url }).send('{}', AbortSignal.abort());

      await expect(sending).rejects.toMatchObject({ code: 'QT_DELIVERY_ABORTED' });
      expect(requests).toBe(0);
    });

    it('rejects every request waiting on one signal, listening to it once', async () => {
      const qt = await listen(() => undefined);
      server = qt.server;
      const client = new QtClient({ endpoint: qt.url });
      const controller = new AbortController();

      const sending = Array.from({ length: 50 }, () => client.send('{}', controller.signal));
      // One listener per request would trip Node's leak warning past ten.
      const listeners = getEventListeners(controller.signal, 'abort').length;
      controller.abort();
      const settled = await Promise.allSettled(sending);

      expect(listeners).toBe(1);
      expect(settled.every((s) => s.status === 'rejected')).toBe(true);
      client.close();
    });

    it('leaves answered requests alone when the signal aborts later', async () => {
      const qt = await listen((_req, res) => json(res, 200, { code: 'Httpapi_300_200' }));
      server = qt.server;
      const controller = new AbortController();

      const answer = await new QtClient({ endpoint: qt.url }).send('{}', controller.signal);
      controller.abort();

      expect(answer).toEqual({ kind: 'accepted' });
    });
  });
});
