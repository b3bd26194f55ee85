import { uniqueName } from '@oa-relay/testing';
import { AccessTokenClient, CentralTokenSource, probeTokenSource } from '@oa-relay/token';
import type { Redis } from 'ioredis';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_ID, registryWith, testRedis } from './token-test-harness';

/** A central control server whose answer each test chooses; counts requests and headers seen. */
function centralServer() {
  const state = { body: '{}' as string, requests: 0, authorization: [] as (string | undefined)[] };
  const server: Server = createServer((req, res) => {
    state.requests += 1;
    state.authorization.push(req.headers.authorization);
    res.setHeader('content-type', 'application/json');
    res.end(state.body);
  });
  return { state, server };
}

describe(CentralTokenSource.name, () => {
  const central = centralServer();
  let url: string;
  let redis: Redis;

  beforeAll(async () => {
    await new Promise<void>((resolve) => central.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(central.server.address() as AddressInfo).port}/v1/access-token/${APP_ID}`;
    redis = await testRedis();
  });

  afterAll(async () => {
    await redis.quit();
    await new Promise((resolve) => central.server.close(resolve));
  });

  function client(tokenPath: string, expiresInPath?: string) {
    return new AccessTokenClient({
      redis,
      keyPrefix: `${uniqueName('central')}:`,
      accounts: registryWith({
        type: 'central',
        url,
        headers: { Authorization: 'Bearer caller-key' },
        tokenPath,
        ...(expiresInPath ? { expiresInPath } : {}),
      }),
      wechatApiBaseUrl: 'http://127.0.0.1:9',
    });
  }

  it('reads the token with the JSONPath, sending the configured headers', async () => {
    central.state.body = JSON.stringify({ data: { token: 'CENTRAL_TOKEN_1', ttl: 7200 } });
    const tokens = client('$.data.token', '$.data.ttl');

    await expect(tokens.getToken(APP_ID)).resolves.toBe('CENTRAL_TOKEN_1');
    expect(central.state.authorization.at(-1)).toBe('Bearer caller-key');
  });

  it('caches a central token briefly, whatever lifetime the server claims', async () => {
    central.state.body = JSON.stringify({ access_token: 'CENTRAL_TOKEN_2', expires_in: 7200 });
    const tokens = client('$.access_token', '$.expires_in');
    await tokens.getToken(APP_ID);

    const ttlMs = await redis.pttl(tokens.cacheKey(APP_ID));

    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(60_000);
  });

  it('names the JSONPath when the server answers in an unexpected shape', async () => {
    central.state.body = JSON.stringify({ result: { accessToken: 'SOMETHING' } });
    const tokens = client('$.access_token');

    const error: unknown = await tokens.getToken(APP_ID).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'TOKEN_PATH_NOT_FOUND',
      retriable: false,
      fields: { tokenPath: '$.access_token', found: 'nothing' },
    });
    expect((error as Error).message).toContain('$.access_token');
    expect(JSON.stringify(error) + (error as Error).message).not.toContain('SOMETHING');
  });

  it("does what QT's Test button does: says whether the JSONPath found a token, masked", async () => {
    central.state.body = JSON.stringify({ access_token: 'CENTRAL_TOKEN_FOR_THE_TEST_BUTTON' });
    const account = registryWith({ type: 'central', url, tokenPath: '$.access_token' }).find(
      APP_ID,
    );

    const result = await probeTokenSource(account!, { wechatApiBaseUrl: 'http://127.0.0.1:9' });

    expect(result).toMatchObject({
      found: true,
      tokenPath: '$.access_token',
      masked: 'CENT…TTON (33 chars)',
    });
    expect(JSON.stringify(result)).not.toContain('CENTRAL_TOKEN_FOR');
  });
});
