import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { testRedisUrl, uniqueName, waitFor } from '@oa-relay/testing';
import { AccessTokenClient, WechatUserApi } from '@oa-relay/token';
import type { Redis } from 'ioredis';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APP_ID,
  APP_SECRET,
  registryWith,
  startSandbox,
  testRedis,
  type RunningSandbox,
} from '../../../libs/token/test/token-test-harness';
import { createTokenCenterApp } from '../src/token-center.app';

const KEY = 'enricher-key-0123456789';

function accountsFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oa-relay-token-center-'));
  const file = join(dir, 'accounts.json');
  const account = {
    appId: APP_ID,
    name: 'token-center spec',
    token: 't',
    qt: { appkey: 'k' },
    accessToken: { type: 'credentials', appSecret: APP_SECRET },
  };
  writeFileSync(file, JSON.stringify({ accounts: [account] }));
  return file;
}

async function startCenter(
  sandbox: RunningSandbox,
  prefix: string,
  env: Record<string, string> = {},
) {
  const app = await createTokenCenterApp({
    LOG_LEVEL: 'silent',
    REDIS_URL: testRedisUrl(),
    ACCOUNTS_FILE: accountsFile(),
    WECHAT_API_BASE_URL: sandbox.url,
    TOKEN_CENTER_API_KEYS: `enricher=${KEY},qt=qt-key-9876543210`,
    TOKEN_CENTER_KEY_PREFIX: prefix,
    ...env,
  });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

function get(url: string, key = KEY) {
  return fetch(`${url}/v1/access-token/${APP_ID}`, { headers: { authorization: `Bearer ${key}` } });
}

async function reportInvalid(url: string, token: string) {
  const response = await fetch(`${url}/v1/access-token/${APP_ID}/invalid`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ access_token: token }),
  });
  return (await response.json()) as { outcome: string; access_token: string };
}

describe('token-center', () => {
  describe('one replica', () => {
    let sandbox: RunningSandbox;
    let center: { app: NestFastifyApplication; url: string };

    beforeAll(async () => {
      sandbox = await startSandbox();
      center = await startCenter(sandbox, `${uniqueName('center')}:`);
    });

    afterAll(async () => {
      await center.app.close();
      await sandbox.app.close();
    });

    it('refuses callers without a valid API key', async () => {
      expect((await fetch(`${center.url}/v1/access-token/${APP_ID}`)).status).toBe(401);
      expect((await get(center.url, 'wrong-key')).status).toBe(401);
    });

    it('answers 404 for an account it keeps no token for', async () => {
      const response = await fetch(`${center.url}/v1/access-token/wx0000000000000000`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(response.status).toBe(404);
    });

    it('hands out a token WeChat accepts, as {access_token, expires_in}', async () => {
      const response = await get(center.url);
      const body = (await response.json()) as { access_token: string; expires_in: number };

      expect(response.status).toBe(200);
      expect(body.expires_in).toBeGreaterThan(7_000);
      const check = await fetch(
        `${sandbox.url}/cgi-bin/user/info?access_token=${body.access_token}&openid=oFollower1`,
      );
      expect(await check.json()).toMatchObject({ subscribe: 1 });
    });

    it('serves our own token client through a central source with JSONPath $.access_token', async () => {
      const redis: Redis = await testRedis();
      const client = new AccessTokenClient({
        redis,
        keyPrefix: `${uniqueName('via-center')}:`,
        accounts: registryWith({
          type: 'central',
          url: `${center.url}/v1/access-token/${APP_ID}`,
          headers: { Authorization: `Bearer ${KEY}` },
          tokenPath: '$.access_token',
          expiresInPath: '$.expires_in',
        }),
        wechatApiBaseUrl: sandbox.url,
      });

      const viaClient = await client.getToken(APP_ID);
      await redis.quit();

      const direct = (await (await get(center.url)).json()) as { access_token: string };
      expect(viaClient).toBe(direct.access_token);
    });

    it('refreshes on a report of the current token, once, and ignores a stale report', async () => {
      const { access_token: rejected } = (await (await get(center.url)).json()) as {
        access_token: string;
      };
      await sandbox.revoke(rejected);
      const before = (await sandbox.stats()).calls.stable_token;

      const first = await reportInvalid(center.url, rejected);
      const stale = await reportInvalid(center.url, rejected);

      expect(first.outcome).toBe('refreshed');
      expect(first.access_token).not.toBe(rejected);
      expect(stale).toMatchObject({ outcome: 'stale', access_token: first.access_token });
      expect((await sandbox.stats()).calls.stable_token - before).toBe(1);
    });

    it('bounds the rate of refreshes caused by reports', async () => {
      const { access_token: current } = (await (await get(center.url)).json()) as {
        access_token: string;
      };
      await sandbox.revoke(current);
      const before = (await sandbox.stats()).calls.stable_token;

      const report = await reportInvalid(center.url, current);

      // The previous spec's report opened the gate for the next minute.
      expect(report.outcome).toBe('rate-limited');
      expect((await sandbox.stats()).calls.stable_token - before).toBe(0);
    });

    it('counts requests by caller and refreshes in its Prometheus metrics', async () => {
      const metrics = await (await fetch(`${center.url}/metrics`)).text();

      expect(metrics).toMatch(
        /token_center_requests_total\{caller="enricher",route="token",outcome="ok"[^}]*\} [1-9]/,
      );
      expect(metrics).toMatch(
        /token_center_refreshes_total\{app_id="wx00000000000000a1",outcome="refreshed"[^}]*\} [1-9]/,
      );
      expect((await fetch(`${center.url}/health/ready`)).status).toBe(200);
    });
  });

  describe('behind our token client, as the enricher uses it', () => {
    it('recovers from a token WeChat dropped: the client reports it and the center refreshes', async () => {
      const sandbox = await startSandbox();
      const center = await startCenter(sandbox, `${uniqueName('center-client')}:`);
      const redis: Redis = await testRedis();
      try {
        const url = `${center.url}/v1/access-token/${APP_ID}`;
        const client = new AccessTokenClient({
          redis,
          keyPrefix: `${uniqueName('enricher')}:`,
          accounts: registryWith({
            type: 'central',
            url,
            reportUrl: `${url}/invalid`,
            headers: { Authorization: `Bearer ${KEY}` },
          }),
          wechatApiBaseUrl: sandbox.url,
        });
        const api = new WechatUserApi(client, { wechatApiBaseUrl: sandbox.url });
        const dropped = await client.getToken(APP_ID);
        await sandbox.revoke(dropped);

        const results = await api.batchGetUnionIds(APP_ID, ['oFollower1']);

        expect(results.get('oFollower1')).toMatchObject({
          outcome: 'found',
          unionid: 'u-oFollower1',
        });
        await expect(client.getToken(APP_ID)).resolves.not.toBe(dropped);
      } finally {
        await redis.quit();
        await center.app.close();
        await sandbox.app.close();
      }
    });
  });

  describe('refresh ahead of expiry', () => {
    it('takes the next token WeChat hands out in the last minutes of the old one', async () => {
      // Scaled down: 6 s tokens, the next one handed out in the last 3 s, checked from 5 s out.
      const sandbox = await startSandbox({
        SANDBOX_TOKEN_TTL_SECONDS: '6',
        SANDBOX_TOKEN_GRACE_SECONDS: '3',
      });
      const center = await startCenter(sandbox, `${uniqueName('center-ahead')}:`, {
        TOKEN_CENTER_CHECK_INTERVAL_MS: '50',
        TOKEN_CENTER_REFRESH_AHEAD_SECONDS: '5',
        TOKEN_CENTER_RECHECK_SECONDS: '0.5',
      });
      try {
        const first = (await (await get(center.url)).json()) as { access_token: string };

        const next = await waitFor(
          async () => {
            const answer = (await (await get(center.url)).json()) as { access_token: string };
            return answer.access_token !== first.access_token && answer;
          },
          { timeoutMs: 10_000, description: 'the next token before the first one expires' },
        );

        expect((await sandbox.stats()).tokensIssued[APP_ID]).toBe(2);
        const query = new URLSearchParams({
          access_token: next.access_token,
          openid: 'oFollower1',
        });
        const info = await fetch(`${sandbox.url}/cgi-bin/user/info?${query.toString()}`);
        expect(await info.json()).toMatchObject({ subscribe: 1, openid: 'oFollower1' });
      } finally {
        await center.app.close();
        await sandbox.app.close();
      }
    });
  });

  describe('two replicas', () => {
    it('never both refresh: every stable_token call issues a new token', async () => {
      // No early hand-over (grace 0): a second replica's normal-mode call within a token's life
      // gets that same token, so calls outnumber issued tokens if both replicas refresh.
      const sandbox = await startSandbox({
        SANDBOX_TOKEN_TTL_SECONDS: '1',
        SANDBOX_TOKEN_GRACE_SECONDS: '0',
        SANDBOX_LATENCY_MS: '100',
      });
      const prefix = `${uniqueName('center-pair')}:`;
      const fast = {
        TOKEN_CENTER_CHECK_INTERVAL_MS: '20',
        TOKEN_CENTER_REFRESH_AHEAD_SECONDS: '0',
      };
      const replicas = await Promise.all([
        startCenter(sandbox, prefix, fast),
        startCenter(sandbox, prefix, fast),
      ]);

      let stopped = false;
      try {
        await waitFor(async () => ((await sandbox.stats()).tokensIssued[APP_ID] ?? 0) >= 4, {
          timeoutMs: 15_000,
          description: 'four token generations',
        });
        await Promise.all(replicas.map((replica) => replica.app.close()));
        stopped = true;

        const stats = await sandbox.stats();
        expect(stats.calls.stable_token).toBe(stats.tokensIssued[APP_ID]);
      } finally {
        if (!stopped) await Promise.all(replicas.map((replica) => replica.app.close()));
        await sandbox.app.close();
      }
    });
  });
});
