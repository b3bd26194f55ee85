import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DeadLetterV1, EnrichedEnvelopeV1 } from '@oa-relay/events';
import { ensureTopics } from '@oa-relay/messaging';
import { testKafkaBrokers, testRedisUrl, uniqueName } from '@oa-relay/testing';
import { AccessTokenClient } from '@oa-relay/token';
import { Redis } from 'ioredis';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWechatSandboxApp } from '../../wechat-sandbox/src/wechat-sandbox.app';
import type { SandboxStatsView } from '../../wechat-sandbox/src/sandbox-stats';
import { createEnricherApp } from '../src/enricher.app';
import { publishRecords, TopicCollector } from './topic-collector';

/** An account on both sides: the enricher's accounts file and the sandbox's seed. */
export interface StackAccount {
  appId: string;
  identity: 'openid' | 'unionid';
  /** Followers the sandbox knows; each has the unionid `u-<openid>` unless listed in noUnionId. */
  followers: string[];
  noUnionId?: string[];
  /** Followers who are no longer subscribed. */
  unsubscribed?: string[];
  /** The enricher is given another appSecret than the one WeChat knows (a misconfiguration). */
  wrongAppSecret?: boolean;
}

/** The wechat-sandbox, a real enricher on fresh topics, and readers of its output. */
export interface EnricherStack {
  brokers: string[];
  topics: { raw: string; enriched: string; dlq: string };
  enricher: NestFastifyApplication;
  enriched: TopicCollector<EnrichedEnvelopeV1>;
  deadLetters: TopicCollector<DeadLetterV1>;
  redis: Redis;
  keyPrefix: string;
  publish(records: { key: string; value: unknown }[]): Promise<void>;
  sandboxStats(): Promise<SandboxStatsView>;
  setSandbox(patch: Record<string, unknown>): Promise<void>;
  revokeCurrentToken(appId: string): Promise<void>;
  metricsText(): Promise<string>;
  close(): Promise<void>;
}

const SECRET = 'sandbox-secret-enricher';

/** A random AppID, so that accounts never share cached tokens or counters across runs. */
export function randomAppId(): string {
  return `wx${uniqueName('e')
    .replace(/[^0-9a-z]/gi, '')
    .slice(-16)
    .padStart(16, '0')}`;
}

/** Boots the sandbox and the enricher over HTTP, Kafka and Redis; `extraEnv` tunes the enricher. */
export async function startEnricherStack(
  accounts: StackAccount[],
  extraEnv: Record<string, string> = {},
): Promise<EnricherStack> {
  const dir = mkdtempSync(join(tmpdir(), 'oa-relay-enricher-'));
  const sandbox = await startSandbox(dir, accounts);
  const brokers = testKafkaBrokers();
  const topics = {
    raw: uniqueName('raw'),
    enriched: uniqueName('enriched'),
    dlq: uniqueName('dlq'),
  };
  await ensureTopics(brokers, [
    { name: topics.raw, partitions: 12 },
    { name: topics.enriched, partitions: 12 },
    { name: topics.dlq, partitions: 1 },
  ]);
  const keyPrefix = `${uniqueName('enricher-spec')}:`;
  const enricher = await createEnricherApp({
    ...enricherEnv(dir, accounts, sandbox.url, brokers, topics, keyPrefix),
    ...extraEnv,
  });
  await enricher.startAllMicroservices();
  await enricher.listen(0, '127.0.0.1');
  const enricherUrl = await enricher.getUrl();
  const enriched = await TopicCollector.start<EnrichedEnvelopeV1>(brokers, topics.enriched);
  const deadLetters = await TopicCollector.start<DeadLetterV1>(brokers, topics.dlq);
  const redis = new Redis(testRedisUrl());

  return {
    brokers,
    topics,
    enricher,
    enriched,
    deadLetters,
    redis,
    keyPrefix,
    publish: (records) => publishRecords(brokers, topics.raw, records),
    sandboxStats: async () => (await sandbox.admin('GET', 'stats')) as SandboxStatsView,
    setSandbox: async (patch) => void (await sandbox.admin('PUT', 'switches', patch)),
    revokeCurrentToken: async (appId) => {
      const token = await redis.get(enricher.get(AccessTokenClient).cacheKey(appId));
      if (!token) throw new Error('no cached token to revoke');
      await sandbox.admin('POST', 'revoke', { access_token: token });
    },
    metricsText: async () => (await fetch(`${enricherUrl}/metrics`)).text(),
    close: async () => {
      await enriched.stop();
      await deadLetters.stop();
      await enricher.close();
      await sandbox.app.close();
      redis.disconnect();
    },
  };
}

function enricherEnv(
  dir: string,
  accounts: StackAccount[],
  sandboxUrl: string,
  brokers: string[],
  topics: EnricherStack['topics'],
  keyPrefix: string,
): Record<string, string> {
  const accountsFile = join(dir, 'accounts.json');
  const entries = accounts.map((a) => ({
    appId: a.appId,
    name: `spec ${a.appId}`,
    token: 'spec-token',
    identity: a.identity,
    qt: { appkey: 'spec-appkey' },
    accessToken: { type: 'credentials', appSecret: a.wrongAppSecret ? `not-${SECRET}` : SECRET },
  }));
  writeFileSync(accountsFile, JSON.stringify({ accounts: entries }));
  return {
    LOG_LEVEL: 'error',
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_CLIENT_ID: uniqueName('enricher-spec'),
    REDIS_URL: testRedisUrl(),
    ACCOUNTS_FILE: accountsFile,
    WECHAT_API_BASE_URL: sandboxUrl,
    ENRICHER_GROUP_ID: uniqueName('enricher-spec'),
    ENRICHER_RAW_TOPIC: topics.raw,
    ENRICHER_ENRICHED_TOPIC: topics.enriched,
    ENRICHER_DLQ_TOPIC: topics.dlq,
    ENRICHER_KEY_PREFIX: keyPrefix,
    ENRICHER_TOKEN_KEY_PREFIX: `${keyPrefix}access-token:`,
    ENRICHER_RETRY_INITIAL_MS: '50',
    ENRICHER_RETRY_MAX_MS: '500',
  };
}

async function startSandbox(dir: string, accounts: StackAccount[]) {
  const seedFile = join(dir, 'sandbox-users.json');
  const seed = accounts.map((a) => ({
    appId: a.appId,
    appSecret: SECRET,
    users: a.followers.map((openid) => ({
      openid,
      ...(a.noUnionId?.includes(openid) ? {} : { unionid: `u-${openid}` }),
      subscribe: a.unsubscribed?.includes(openid) ? 0 : 1,
    })),
  }));
  writeFileSync(seedFile, JSON.stringify({ accounts: seed }));
  const app = await createWechatSandboxApp({ LOG_LEVEL: 'silent', SANDBOX_USERS_FILE: seedFile });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const admin = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${url}/__admin/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox admin ${path} answered ${response.status}`);
    return response.json();
  };
  return { app, url, admin };
}
