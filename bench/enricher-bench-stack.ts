/**
 * What the enricher benchmark runs against: the wechat-sandbox (in this process) seeded with
 * the benchmark's followers, fresh topics, the enricher built from dist as a child process,
 * and a reader counting what reaches the enriched topic.
 */
import type { RawEnvelopeV1 } from '@oa-relay/events';
import { createKafka, ensureTopics, KafkaPublisher } from '@oa-relay/messaging';
import { uniqueName } from '@oa-relay/testing';
import { loadSamplePushes } from '@oa-relay/wechat';
import type { Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWechatSandboxApp } from '../apps/wechat-sandbox/src/wechat-sandbox.app';
import type { SandboxStatsView } from '../apps/wechat-sandbox/src/sandbox-stats';
import { startAppProcess, type AppProcess } from '../scripts/local/app-process';

/** The unionid account whose users the benchmark resolves. */
export const UNION_APP = 'wx00000000000be0c1';
/** An openid account, used once to see that the enricher is up before timing starts. */
export const OPENID_APP = 'wx00000000000be0c2';
const SECRET = 'bench-secret';

/** Settings of one benchmark run. */
export interface BenchSettings {
  brokers: string[];
  redisUrl: string;
  users: number;
}

/** The running stack. */
export interface BenchStack {
  enricher: AppProcess;
  counter: EnrichedCounter;
  publish(records: { key: string; value: RawEnvelopeV1 }[]): Promise<void>;
  sandboxStats(): Promise<SandboxStatsView>;
  stop(): Promise<void>;
}

/** The benchmark's follower openids. */
export function benchUsers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `oBench_${String(i).padStart(8, '0')}`);
}

const TEXT = loadSamplePushes().find((s) => s.name === 'msg-text.xml')!.xml;

/** A plaintext text push of `openId` as the gateway writes it. */
export function rawText(appId: string, openId: string): { key: string; value: RawEnvelopeV1 } {
  const xml = TEXT.replace(/oSAMPLEuser0+1/, openId);
  const value: RawEnvelopeV1 = {
    schema: 'wechat.raw.v1',
    eventId: randomUUID(),
    receivedAt: new Date().toISOString(),
    appId,
    mode: 'plaintext',
    query: { signature: 'f'.repeat(40), timestamp: '1767225601', nonce: '1', openid: openId },
    body: xml,
    xml,
    openId,
  };
  return { key: `${appId}:${openId}`, value };
}

/** Boots everything; the enricher answers /health/ready when this resolves. */
export async function startBenchStack(settings: BenchSettings): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), 'oa-relay-enricher-bench-'));
  const users = benchUsers(settings.users);
  const sandbox = await startSandbox(dir, users);
  const topics = { raw: uniqueName('bench-raw'), enriched: uniqueName('bench-enriched') };
  await ensureTopics(settings.brokers, [
    { name: topics.raw, partitions: 12 },
    { name: topics.enriched, partitions: 12 },
  ]);
  const counter = await EnrichedCounter.start(settings.brokers, topics.enriched);
  const enricher = await startAppProcess({
    name: 'enricher',
    entry: join(__dirname, '..', 'apps', 'enricher', 'src', 'main.js'),
    port: await freePort(),
    env: enricherEnv(dir, settings, sandbox.url, topics),
    logDir: dir,
    readyTimeoutMs: 60_000,
    // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the enricher.
    nodeArgs: (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
  });
  const publisher = new KafkaPublisher({ brokers: settings.brokers, clientId: 'enricher-bench' });
  const options = { timeoutMs: 60_000 };

  return {
    enricher,
    counter,
    publish: async (records) => {
      await Promise.all(records.map((r) => publisher.publish(topics.raw, r, options)));
    },
    sandboxStats: () => sandbox.stats(),
    stop: async () => {
      await enricher.stop();
      await publisher.close();
      await counter.stop();
      await sandbox.app.close();
    },
  };
}

function enricherEnv(
  dir: string,
  settings: BenchSettings,
  sandboxUrl: string,
  topics: { raw: string; enriched: string },
): Record<string, string> {
  const accountsFile = join(dir, 'accounts.json');
  const account = (appId: string, identity: string) => ({
    appId,
    name: `bench ${identity}`,
    token: 'bench-token',
    identity,
    qt: { appkey: 'bench-appkey' },
    accessToken: { type: 'credentials', appSecret: SECRET },
  });
  const accounts = [account(UNION_APP, 'unionid'), account(OPENID_APP, 'openid')];
  writeFileSync(accountsFile, JSON.stringify({ accounts }));
  const prefix = `${uniqueName('enricher-bench')}:`;
  return {
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    KAFKA_BROKERS: settings.brokers.join(','),
    REDIS_URL: settings.redisUrl,
    ACCOUNTS_FILE: accountsFile,
    WECHAT_API_BASE_URL: sandboxUrl,
    ENRICHER_GROUP_ID: uniqueName('enricher-bench'),
    ENRICHER_RAW_TOPIC: topics.raw,
    ENRICHER_ENRICHED_TOPIC: topics.enriched,
    ENRICHER_KEY_PREFIX: prefix,
    ENRICHER_TOKEN_KEY_PREFIX: `${prefix}access-token:`,
  };
}

async function startSandbox(dir: string, users: string[]) {
  const seedFile = join(dir, 'sandbox-users.json');
  const seed = [
    {
      appId: UNION_APP,
      appSecret: SECRET,
      users: users.map((o) => ({ openid: o, unionid: `u${o}` })),
    },
    { appId: OPENID_APP, appSecret: SECRET, users: [] },
  ];
  writeFileSync(seedFile, JSON.stringify({ accounts: seed }));
  const app = await createWechatSandboxApp({ LOG_LEVEL: 'silent', SANDBOX_USERS_FILE: seedFile });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const stats = async (): Promise<SandboxStatsView> =>
    (await (await fetch(`${url}/__admin/stats`)).json()) as SandboxStatsView;
  return { app, url, stats };
}

/** Counts the records reaching the enriched topic and when the last one arrived. */
export class EnrichedCounter {
  count = 0;
  lastAt = 0;

  private constructor(private readonly consumer: Consumer) {}

  static async start(brokers: string[], topic: string): Promise<EnrichedCounter> {
    const consumer = createKafka({ brokers, clientId: 'enricher-bench-reader' }).consumer({
      groupId: uniqueName('enricher-bench-reader'),
    });
    const counter = new EnrichedCounter(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: ({ batch }) => {
        counter.count += batch.messages.length;
        counter.lastAt = performance.now();
        return Promise.resolve();
      },
    });
    return counter;
  }

  /** Resolves once `count` records arrived in all, or rejects after `timeoutMs`. */
  async reach(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.count < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.count} of ${count} enriched`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
