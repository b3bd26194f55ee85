/**
 * Delivered events per second from one process through @oa-relay/qt (build + sign + POST with
 * QtDeliveryPolicy) to the QT sandbox, with the sandbox answering in 0 ms and in 50 ms. The
 * sandbox runs as its own process and stores every event in Redis, as in the pipeline.
 *
 *   npm run build && REDIS_URL=redis://127.0.0.1:6379 \
 *     node dist/bench/qt-delivery.bench.js [seconds-per-round] [concurrency]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedisClient } from '@oa-relay/redis';
import { buildQtRequest, QtDeliveryPolicy } from '@oa-relay/qt';
import { build as buildHistogram } from 'hdr-histogram-js';

const SERVICE = { serviceId: 'bench-service', serviceSecret: 'bench-secret' };
const ACCOUNT = { appId: 'wx5a1e0000000000b1', token: 'bench-token', appkey: 'bench-appkey' };
const PORT = 3199;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `qt-bench-${process.pid}`;

function pushXml(user: number, seq: number): string {
  return (
    `<xml><ToUserName><![CDATA[gh_5a1e00000001]]></ToUserName><FromUserName><![CDATA[oBench${user}]]></FromUserName>` +
    `<CreateTime>${1767225600 + seq}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[你好 🙂 "${seq}" </Content>]]></Content><MsgId>${24903327368861869n + BigInt(seq)}</MsgId></xml>`
  );
}

async function startSandbox(): Promise<ChildProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'qt-bench-'));
  const accounts = join(dir, 'accounts.json');
  writeFileSync(
    accounts,
    JSON.stringify({
      accounts: [
        {
          appId: ACCOUNT.appId,
          token: ACCOUNT.token,
          name: 'bench',
          qt: { appkey: ACCOUNT.appkey },
        },
      ],
    }),
  );
  const child = spawn(
    process.execPath,
    [join(__dirname, '..', 'apps', 'qt-sandbox', 'src', 'main.js')],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        PORT: String(PORT),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        REDIS_URL: redisUrl,
        ACCOUNTS_FILE: accounts,
        QT_SERVICE_ID: SERVICE.serviceId,
        QT_SERVICE_SECRET: SERVICE.serviceSecret,
        QT_SANDBOX_KEY_PREFIX: prefix,
        QT_SANDBOX_MAX_EVENTS: '2000000',
      },
    },
  );
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (
      await fetch(`http://127.0.0.1:${PORT}/stats`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGTERM');
  throw new Error('the QT sandbox did not start within 20 s');
}

async function setLatency(latencyMs: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${PORT}/admin/faults`, {
    method: 'POST',
    body: JSON.stringify({ latencyMs }),
  });
  if (!response.ok) throw new Error(`cannot set the sandbox latency (${response.status})`);
}

async function round(seconds: number, concurrency: number) {
  const policy = new QtDeliveryPolicy({ endpoint: `http://127.0.0.1:${PORT}` });
  const histogram = buildHistogram({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
  });
  let delivered = 0;
  let seq = 0;
  let failed = 0;
  const until = Date.now() + seconds * 1000;

  const worker = async (user: number) => {
    while (Date.now() < until) {
      const n = seq++;
      const started = process.hrtime.bigint();
      const { body } = buildQtRequest({
        ...SERVICE,
        appkey: ACCOUNT.appkey,
        appId: ACCOUNT.appId,
        weChatOAData: pushXml(user, n),
        query: {
          signature: 'x',
          timestamp: String(1767225600 + n),
          nonce: String(n),
          openid: `oBench${user}`,
        },
        ts: Date.now(),
      });
      const outcome = await policy.deliver(body);
      histogram.recordValue(Number(process.hrtime.bigint() - started) / 1000);
      if (outcome.kind === 'accepted') delivered++;
      else failed++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: concurrency }, (_, user) => worker(user)));
  const elapsed = (Date.now() - started) / 1000;
  return { rate: delivered / elapsed, failed, histogram };
}

/** CPU cost of building and signing one request, the part of delivery that is ours. */
function signCostMicros(count: number): number {
  const started = process.hrtime.bigint();
  for (let n = 0; n < count; n++) {
    buildQtRequest({
      ...SERVICE,
      appkey: ACCOUNT.appkey,
      appId: ACCOUNT.appId,
      weChatOAData: pushXml(n % 100, n),
      query: { signature: 'x', timestamp: String(n), nonce: String(n), openid: 'o' },
      ts: n,
    });
  }
  return Number(process.hrtime.bigint() - started) / 1000 / count;
}

async function cleanUp(): Promise<void> {
  const redis = createRedisClient(redisUrl, 'qt-bench-cleanup');
  await new Promise((resolve) => redis.once('ready', resolve));
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? '10');
  const concurrency = Number(process.argv[3] ?? '256');
  const sandbox = await startSandbox();
  try {
    signCostMicros(20_000);
    console.log(
      `QT delivery, ${concurrency} in flight, ${seconds}s per round, node ${process.version}`,
    );
    console.log(`build + sign: ${signCostMicros(100_000).toFixed(1)} µs per request`);
    for (const latencyMs of [0, 50]) {
      await setLatency(latencyMs);
      await round(1, concurrency);
      const { rate, failed, histogram } = await round(seconds, concurrency);
      const ms = (p: number) => (histogram.getValueAtPercentile(p) / 1000).toFixed(1);
      console.log(
        `sandbox +${String(latencyMs).padStart(2)} ms: ${Math.round(rate).toLocaleString('en-US').padStart(6)} delivered/s` +
          `  p50 ${ms(50)} ms  p99 ${ms(99)} ms  not delivered ${failed}`,
      );
    }
  } finally {
    sandbox.kill('SIGTERM');
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
