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
  });

  it('keeps the connection alive across sequential requests', async () => {
    const qt = await listen((_req, res) => json(res, 200, { code: 'Httpapi_300_200' }));
    server = qt.server;
    const client = new QtClient({ endpoint: qt.url });

    for (let i = 0; i < 20; i++) await client.send('{}');

    // Without keep-alive this would be 20; undici may open a second socket in a race.
    expect(qt.sockets()).toBeLessThanOrEqual(2);
  });
});
