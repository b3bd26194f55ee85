import { uniqueName } from '@oa-relay/testing';
import type { Redis } from 'ioredis';
import { AccessTokenClient, type AccessTokenClientOptions } from '@oa-relay/token';
import {
  APP_ID,
  APP_SECRET,
  registryWith,
  startSandbox,
  testRedis,
  type RunningSandbox,
} from './token-test-harness';

describe(AccessTokenClient.name, () => {
  let sandbox: RunningSandbox;
  let redisA: Redis;
  let redisB: Redis;
  let clientA: AccessTokenClient;
  let clientB: AccessTokenClient;

  function client(redis: Redis, keyPrefix: string, extra: Partial<AccessTokenClientOptions> = {}) {
    return new AccessTokenClient({
      redis,
      keyPrefix,
      accounts: registryWith({ type: 'credentials', appSecret: APP_SECRET }),
      wechatApiBaseUrl: sandbox.url,
      ...extra,
    });
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ SANDBOX_LATENCY_MS: '100' });
    [redisA, redisB] = await Promise.all([testRedis(), testRedis()]);
  });

  afterAll(async () => {
    await Promise.all([redisA.quit(), redisB.quit()]);
    await sandbox.app.close();
  });

  beforeEach(() => {
    // Two instances as two replicas would be: separate connections, one key space.
    const prefix = `${uniqueName('token')}:`;
    clientA = client(redisA, prefix);
    clientB = client(redisB, prefix);
  });

  async function stableCalls(): Promise<number> {
    return (await sandbox.stats()).calls.stable_token;
  }

  describe('concurrent requests', () => {
    it('fetches once upstream for 500 concurrent requests across two instances', async () => {
      const before = await stableCalls();

      const tokens = await Promise.all(
        Array.from({ length: 500 }, (_, i) => (i % 2 ? clientA : clientB).getToken(APP_ID)),
      );

      expect(new Set(tokens).size).toBe(1);
      expect((await stableCalls()) - before).toBe(1);
    });
  });

  describe('a rejected token', () => {
    it('is replaced exactly once when 50 callers report it at the same time', async () => {
      const rejected = await clientA.getToken(APP_ID);
      await sandbox.revoke(rejected);
      const before = await stableCalls();

      const replacements = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 ? clientA : clientB).reportRejected(APP_ID, rejected),
        ),
      );

      expect(new Set(replacements).size).toBe(1);
      expect(replacements[0]).not.toBe(rejected);
      expect((await stableCalls()) - before).toBe(1);
    });

    it('costs no fetch when reported after it was already replaced', async () => {
      const rejected = await clientA.getToken(APP_ID);
      await sandbox.revoke(rejected);
      const replacement = await clientA.reportRejected(APP_ID, rejected);
      const before = await stableCalls();

      const again = await clientB.reportRejected(APP_ID, rejected);

      expect(again).toBe(replacement);
      expect((await stableCalls()) - before).toBe(0);
    });
  });

  describe('a wrong configuration', () => {
    it('does not burn the quota: repeated requests cause one fetch until the cooldown ends', async () => {
      const wrong = client(redisA, `${uniqueName('token')}:`, {
        accounts: registryWith({ type: 'credentials', appSecret: 'not-the-secret' }),
      });
      const before = await stableCalls();

      const errors = await Promise.all(
        Array.from({ length: 20 }, () => wrong.getToken(APP_ID).catch((e: unknown) => e)),
      );
      for (let i = 0; i < 5; i += 1)
        errors.push(await wrong.getToken(APP_ID).catch((e: unknown) => e));

      for (const error of errors) {
        expect(error).toMatchObject({ code: 'TOKEN_CREDENTIALS_REJECTED', retriable: false });
      }
      expect((await stableCalls()) - before).toBe(1);
    });
  });

  describe('cache lifetime', () => {
    it('stores the token in Redis with a lifetime ending before the token does', async () => {
      await clientA.getToken(APP_ID);

      const ttlMs = await redisA.pttl(clientA.cacheKey(APP_ID));

      expect(ttlMs).toBeGreaterThan(0);
      expect(ttlMs).toBeLessThanOrEqual(7_200_000 - 5 * 60_000);
    });
  });
});
