/**
 * The token client under load, against real Redis and the wechat-sandbox over HTTP:
 * a cold stampede (N concurrent requests across two client instances, upstream fetches
 * counted), then cached getToken latency and throughput on one instance.
 *
 *   npm run build && REDIS_URL=redis://127.0.0.1:6379 node dist/bench/token-client.bench.js [requests]
 */
import { AccountRegistry, loadConfig, parseAccounts, redisEnv } from '@oa-relay/config';
import { createRedisClient } from '@oa-relay/redis';
import { AccessTokenClient } from '@oa-relay/token';
import { build } from 'hdr-histogram-js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { createWechatSandboxApp } from '../apps/wechat-sandbox/src/wechat-sandbox.app';

const APP_ID = 'wx00000000000000b1';
const SECRET = 'bench-secret';

async function sandbox() {
  const seed = join(mkdtempSync(join(tmpdir(), 'token-bench-')), 'seed.json');
  writeFileSync(seed, JSON.stringify({ accounts: [{ appId: APP_ID, appSecret: SECRET }] }));
  const app = await createWechatSandboxApp({
    LOG_LEVEL: 'silent',
    SANDBOX_USERS_FILE: seed,
    SANDBOX_LATENCY_MS: '50',
  });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

async function connected(url: string) {
  const redis = createRedisClient(url, 'token-bench');
  while (redis.status !== 'ready') await new Promise((r) => setTimeout(r, 10));
  return redis;
}

async function main(): Promise<void> {
  const requests = Number(process.argv[2] ?? 20_000);
  const { REDIS_URL } = loadConfig(z.object(redisEnv));
  const wechat = await sandbox();
  const redises = await Promise.all([connected(REDIS_URL), connected(REDIS_URL)]);
  const account = { appId: APP_ID, name: 'bench', token: 't', qt: { appkey: 'k' } };
  const accounts = new AccountRegistry(
    parseAccounts(
      { accounts: [{ ...account, accessToken: { type: 'credentials', appSecret: SECRET } }] },
      {},
    ),
  );
  const keyPrefix = `token-bench-${Date.now()}:`;
  const [a, b] = redises.map(
    (redis) => new AccessTokenClient({ redis, accounts, keyPrefix, wechatApiBaseUrl: wechat.url }),
  );

  const started = performance.now();
  const stampede = await Promise.all(
    Array.from({ length: 500 }, (_, i) => (i % 2 ? a : b).getToken(APP_ID)),
  );
  const stampedeMs = performance.now() - started;
  const stats = (await (await fetch(`${wechat.url}/__admin/stats`)).json()) as {
    calls: { stable_token: number };
  };
  console.log(
    `cold stampede: 500 requests / 2 instances -> ${new Set(stampede).size} token, ` +
      `${stats.calls.stable_token} upstream fetch, all answered in ${stampedeMs.toFixed(1)} ms (sandbox latency 50 ms)`,
  );

  const histogram = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 10_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const loopStart = performance.now();
  for (let i = 0; i < requests; i += 1) {
    const t0 = performance.now();
    await a.getToken(APP_ID);
    histogram.recordValue(Math.round((performance.now() - t0) * 1_000));
  }
  const seconds = (performance.now() - loopStart) / 1_000;
  console.log(
    `cached getToken, sequential, ${requests} calls: ${(requests / seconds).toFixed(0)}/s, ` +
      `p50 ${histogram.getValueAtPercentile(50)} µs, p99 ${histogram.getValueAtPercentile(99)} µs, max ${histogram.maxValue} µs`,
  );

  const burstStart = performance.now();
  await Promise.all(Array.from({ length: requests }, () => a.getToken(APP_ID)));
  console.log(
    `cached getToken, ${requests} concurrent on one instance: ${(requests / ((performance.now() - burstStart) / 1_000)).toFixed(0)}/s`,
  );

  await Promise.all(redises.map((r) => r.quit()));
  await wechat.app.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
