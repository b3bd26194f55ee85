/**
 * Delivered events per second from one dispatcher (Kafka -> analytics.events.v1 + Redis markers
 * + signed POST -> QT sandbox), with the sandbox answering in 0 ms and in 50 ms. The sandbox
 * runs as its own process and stores every event in Redis; per-user order is checked on what it
 * stored. Needs a Kafka broker and Redis:
 *
 *   npm run build
 *   KAFKA_BROKERS=$(bash infra/kafka/kafka.sh status) REDIS_URL=redis://127.0.0.1:6379 \
 *     node dist/bench/dispatcher-throughput.bench.js [events] [users] [latencies, default 0,50]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTopics, KafkaPublisher } from '@oa-relay/messaging';
import { buildPushRequest, parsePush } from '@oa-relay/wechat';
import { createDispatcherApp } from '../apps/dispatcher/src/dispatcher.app';
import { freePort } from '../scripts/local/local-services';
import { startAppProcess, type AppProcess } from '../scripts/local/app-process';

const SERVICE = { id: 'bench-service', secret: 'bench-secret' };
const ACCOUNT = { appId: 'wx5a1e0000000000b2', token: 'bench-token', appkey: 'bench-appkey' };
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const total = Number(process.argv[2] ?? 20_000);
const users = Number(process.argv[3] ?? 1_000);
const latencies = (process.argv[4] ?? '0,50').split(',').map(Number);
const root = join(__dirname, '..', '..');
const run = randomBytes(3).toString('hex');

function accountsFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dispatcher-bench-')), 'accounts.json');
  const { appId, token, appkey } = ACCOUNT;
  writeFileSync(
    path,
    JSON.stringify({ accounts: [{ appId, name: 'bench', token, qt: { appkey } }] }),
  );
  return path;
}

function envelope(user: number, seq: number): { key: string; value: string } {
  const openId = `oBench${run}u${user}`;
  const msgId = `9${String(user).padStart(6, '0')}${String(seq).padStart(6, '0')}`;
  const xml =
    `<xml><ToUserName><![CDATA[gh_5a1e00000002]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName>` +
    `<CreateTime>1767225600</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[你好 🙂 ${seq}]]></Content><MsgId>${msgId}</MsgId></xml>`;
  const request = buildPushRequest({
    ...ACCOUNT,
    mode: 'plaintext',
    xml,
    timestamp: '1767225601',
    nonce: '7',
  });
  const eventId = `bench-${run}-${msgId}`;
  const raw = {
    schema: 'wechat.raw.v1',
    eventId,
    receivedAt: new Date().toISOString(),
    appId: ACCOUNT.appId,
    mode: 'plaintext',
    query: request.query,
    body: request.body,
    xml,
    openId,
  };
  const identity = { openId, distinctId: openId, source: 'openid' };
  const value = {
    schema: 'wechat.enriched.v1',
    eventId,
    appId: ACCOUNT.appId,
    enrichedAt: raw.receivedAt,
    raw,
    push: parsePush(xml),
    identity,
  };
  return { key: `${ACCOUNT.appId}:${openId}`, value: JSON.stringify(value) };
}

async function preload(topic: string): Promise<void> {
  const publisher = new KafkaPublisher({ brokers, clientId: 'dispatcher-bench' });
  const perUser = Math.ceil(total / users);
  const records = Array.from({ length: total }, (_, i) =>
    envelope(i % users, Math.floor(i / users)),
  );
  try {
    for (let i = 0; i < records.length; i += 2_000) {
      await Promise.all(
        records.slice(i, i + 2_000).map((r) => publisher.publish(topic, r, { timeoutMs: 30_000 })),
      );
    }
  } finally {
    await publisher.close();
  }
  console.log(`  preloaded ${total} events of ${users} users (${perUser} each) on ${topic}`);
}

async function startSandbox(latencyMs: number, accounts: string): Promise<AppProcess> {
  const port = await freePort();
  return startAppProcess({
    name: `qt-sandbox-${latencyMs}ms`,
    entry: join(root, 'dist', 'apps', 'qt-sandbox', 'src', 'main.js'),
    port,
    logDir: mkdtempSync(join(tmpdir(), 'dispatcher-bench-logs-')),
    // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the sandbox.
    nodeArgs: (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
    env: {
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      REDIS_URL: redisUrl,
      ACCOUNTS_FILE: accounts,
      QT_SERVICE_ID: SERVICE.id,
      QT_SERVICE_SECRET: SERVICE.secret,
      QT_SANDBOX_KEY_PREFIX: `dispatcher-bench-${run}-${latencyMs}`,
      QT_SANDBOX_MAX_EVENTS: String(total * 2),
      QT_SANDBOX_LATENCY_MS: String(latencyMs),
    },
  });
}

interface Stored {
  id: string;
  openId: string;
  msgId?: string;
}

// Per user, the MsgIds must first arrive in the order they were published; copies are counted.
async function checkOrder(
  sandboxUrl: string,
): Promise<{ ordered: boolean; stored: number; copies: number }> {
  const events = (await (
    await fetch(`${sandboxUrl}/events?account=${ACCOUNT.appId}&limit=${total * 2}`)
  ).json()) as Stored[];
  const byUser = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const e of events.sort((a, b) => Number(a.id) - Number(b.id))) {
    if (seen.has(e.msgId ?? '')) continue;
    seen.add(e.msgId ?? '');
    byUser.set(e.openId, [...(byUser.get(e.openId) ?? []), e.msgId ?? '']);
  }
  const ordered = [...byUser.values()].every((ids) =>
    ids.every((id, i) => i === 0 || ids[i - 1] < id),
  );
  return { ordered, stored: events.length, copies: events.length - seen.size };
}

async function metricValue(url: string, prefix: string, labelPart = ''): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(prefix) && l.includes(labelPart));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

const deliveredCount = (url: string): Promise<number> =>
  metricValue(url, 'oa_relay_dispatcher_events_total{', 'outcome="delivered"');
// The sandbox is its own process: its CPU comes from its default process metrics.
const sandboxCpuSeconds = (url: string): Promise<number> =>
  metricValue(url, 'process_cpu_seconds_total');

async function round(latencyMs: number, accounts: string): Promise<void> {
  console.log(`sandbox answering in ${latencyMs} ms`);
  const topics = {
    source: `bench-enriched-${run}-${latencyMs}`,
    analytics: `bench-analytics-${run}-${latencyMs}`,
    dlq: `bench-dlq-${run}-${latencyMs}`,
  };
  await ensureTopics(brokers, [
    { name: topics.source, partitions: 12 },
    { name: topics.analytics, partitions: 12 },
    { name: topics.dlq, partitions: 1 },
  ]);
  await preload(topics.source);
  const sandbox = await startSandbox(latencyMs, accounts);
  const { app } = await createDispatcherApp({
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: brokers.join(','),
    REDIS_URL: redisUrl,
    ACCOUNTS_FILE: accounts,
    QT_ENDPOINT: sandbox.baseUrl,
    QT_SERVICE_ID: SERVICE.id,
    QT_SERVICE_SECRET: SERVICE.secret,
    DISPATCHER_GROUP_ID: `bench-${run}-${latencyMs}`,
    DISPATCHER_SOURCE_TOPIC: topics.source,
    DISPATCHER_ANALYTICS_TOPIC: topics.analytics,
    DISPATCHER_DLQ_TOPIC: topics.dlq,
    DISPATCHER_MARKER_PREFIX: `dispatcher-bench-${run}-${latencyMs}`,
  });
  try {
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const cpu = process.cpuUsage();
    const sandboxCpu = await sandboxCpuSeconds(sandbox.baseUrl);
    let first: { at: number; count: number } | undefined;
    let count = 0;
    while (count < total) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      count = await deliveredCount(url);
      if (!first && count > 0) first = { at: performance.now(), count };
    }
    const seconds = (performance.now() - first!.at) / 1000;
    const used = process.cpuUsage(cpu);
    const sandboxUsed = (await sandboxCpuSeconds(sandbox.baseUrl)) - sandboxCpu;
    const { ordered, stored, copies } = await checkOrder(sandbox.baseUrl);
    console.log(
      `  delivered ${total} in ${seconds.toFixed(2)} s: ${Math.round((total - first!.count) / seconds)} events/s`,
    );
    console.log(
      `  dispatcher CPU ${(((used.user + used.system) / 1e6 / seconds) * 100).toFixed(0)}% of one core, sandbox ${((sandboxUsed / seconds) * 100).toFixed(0)}%; stored ${stored} (${copies} copies); per-user order ${ordered ? 'kept' : 'BROKEN'}`,
    );
  } finally {
    await app.close();
    await sandbox.stop();
  }
}

async function main(): Promise<void> {
  const accounts = accountsFile();
  for (const latencyMs of latencies) await round(latencyMs, accounts);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
