import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnrichedEnvelopeV1 } from '@oa-relay/events';
import { createKafka, ensureTopics, KafkaPublisher } from '@oa-relay/messaging';
import { testKafkaBrokers, testRedisUrl, uniqueName, waitFor } from '@oa-relay/testing';
import {
  ACCOUNTS,
  SERVICE_ID,
  SERVICE_SECRET,
  startSandbox,
  type RunningSandbox,
} from '../../qt-sandbox/src/qt-sandbox.fixture';
import type { Faults } from '../../qt-sandbox/src/fault-switches';
import type { StoredEvent } from '../../qt-sandbox/src/sandbox-store';
import { createDispatcherApp, type DispatcherApp } from '../src/dispatcher.app';
import { enrichedEnvelope, textPushXml } from './enriched-envelope.fixture';

/** A dispatcher running in this process, listening on a free port. */
export interface RunningDispatcher extends DispatcherApp {
  url: string;
  /** The value of one sample of a metric, 0 when absent; labels must all match. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

/** Topics of one spec, a QT sandbox and what a dispatcher needs to serve them. */
export interface DispatcherStack {
  sandbox: RunningSandbox;
  topics: { source: string; analytics: string; dlq: string };
  brokers: string[];
  /** The dispatcher's environment for this stack; `overrides` win. */
  env(overrides?: Record<string, string>): Record<string, string>;
  startDispatcher(overrides?: Record<string, string>): Promise<RunningDispatcher>;
  /** Publishes envelopes keyed `${appId}:${openId}`; resolves with each value as sent. */
  publish(envelopes: EnrichedEnvelopeV1[]): Promise<string[]>;
  setFaults(faults: Partial<Faults>): Promise<void>;
  /** Events the sandbox accepted for the plain account, in arrival order. */
  delivered(): Promise<StoredEvent[]>;
  /** Records on a topic (sum of its partitions' high watermarks). */
  topicSize(topic: string): Promise<number>;
  /** Records of the source topic a group has committed (sum over partitions). */
  committed(groupId: string): Promise<number>;
  close(): Promise<void>;
}

function writeAccountsFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dispatcher-')), 'accounts.json');
  const { plain, safe } = ACCOUNTS;
  const accounts = [
    { appId: plain.appId, name: 'plain', token: plain.token, qt: { appkey: plain.appkey } },
    {
      appId: safe.appId,
      name: 'safe',
      token: safe.token,
      encodingAESKey: safe.encodingAESKey,
      qt: { appkey: safe.appkey },
    },
  ];
  writeFileSync(path, JSON.stringify({ accounts }));
  return path;
}

/** Starts a sandbox and creates fresh topics (source partitions as given). */
export async function startDispatcherStack(partitions = 4): Promise<DispatcherStack> {
  const brokers = testKafkaBrokers();
  const topics = {
    source: uniqueName('enriched'),
    analytics: uniqueName('analytics'),
    dlq: uniqueName('dlq'),
  };
  await ensureTopics(brokers, [
    { name: topics.source, partitions },
    { name: topics.analytics, partitions },
    { name: topics.dlq, partitions: 1 },
  ]);
  const sandbox = await startSandbox();
  const accountsFile = writeAccountsFile();
  const markerPrefix = uniqueName('dispatcher-markers');
  const publisher = new KafkaPublisher({ brokers, clientId: 'spec-publisher' });
  const running: RunningDispatcher[] = [];

  const env = (overrides: Record<string, string> = {}): Record<string, string> => ({
    LOG_LEVEL: 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
    KAFKA_BROKERS: brokers.join(','),
    REDIS_URL: testRedisUrl(),
    ACCOUNTS_FILE: accountsFile,
    QT_ENDPOINT: sandbox.url,
    QT_SERVICE_ID: SERVICE_ID,
    QT_SERVICE_SECRET: SERVICE_SECRET,
    DISPATCHER_GROUP_ID: uniqueName('dispatcher'),
    DISPATCHER_SOURCE_TOPIC: topics.source,
    DISPATCHER_ANALYTICS_TOPIC: topics.analytics,
    DISPATCHER_DLQ_TOPIC: topics.dlq,
    DISPATCHER_MARKER_PREFIX: markerPrefix,
    QT_REQUEST_TIMEOUT_MS: '2000',
    QT_MAX_ATTEMPTS: '2',
    QT_RETRY_INITIAL_DELAY_MS: '10',
    QT_RETRY_MAX_DELAY_MS: '50',
    DISPATCHER_BACKOFF_INITIAL_MS: '50',
    DISPATCHER_BACKOFF_MAX_MS: '300',
    DISPATCHER_PAUSE_AFTER_FAILURES: '5',
    DISPATCHER_COMMIT_INTERVAL_MS: '100',
    DISPATCHER_SHUTDOWN_TIMEOUT_MS: '3000',
    ...overrides,
  });

  return {
    sandbox,
    topics,
    brokers,
    env,
    startDispatcher: async (overrides) => {
      const dispatcher = await startDispatcher(env(overrides));
      running.push(dispatcher);
      return dispatcher;
    },
    publish: async (envelopes) => {
      const values = envelopes.map((e) => JSON.stringify(e));
      await Promise.all(
        envelopes.map((e, i) =>
          publisher.publish(
            topics.source,
            { key: `${e.appId}:${e.raw.openId}`, value: values[i] },
            { timeoutMs: 10_000 },
          ),
        ),
      );
      return values;
    },
    setFaults: async (faults) => {
      const response = await fetch(`${sandbox.url}/admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(faults),
      });
      if (!response.ok) throw new Error(`setting faults failed: ${response.status}`);
    },
    delivered: async () => {
      const url = `${sandbox.url}/events?account=${ACCOUNTS.plain.appId}&limit=200000`;
      const events = (await (await fetch(url)).json()) as StoredEvent[];
      return events.sort((a, b) => Number(a.id) - Number(b.id));
    },
    topicSize: (topic) => topicSize(brokers, topic),
    committed: (groupId) => committed(brokers, groupId, topics.source),
    close: async () => {
      await Promise.all(running.map((d) => d.close()));
      await publisher.close();
      await sandbox.close();
    },
  };
}

async function startDispatcher(env: Record<string, string>): Promise<RunningDispatcher> {
  const built = await createDispatcherApp(env);
  await built.app.startAllMicroservices();
  await built.app.listen(0, '127.0.0.1');
  const url = (await built.app.getUrl()).replace('[::1]', '127.0.0.1');
  let closed = false;
  return {
    ...built,
    url,
    metric: async (name, labels = {}) => readMetric(url, name, labels),
    close: async () => {
      if (closed) return;
      closed = true;
      await built.app.close();
    },
  };
}

async function readMetric(url: string, name: string, labels: Record<string, string>) {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (matches) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

async function topicSize(brokers: string[], topic: string): Promise<number> {
  const admin = createKafka({ brokers, clientId: 'spec-admin' }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

async function committed(brokers: string[], groupId: string, topic: string): Promise<number> {
  const admin = createKafka({ brokers, clientId: 'spec-admin' }).admin();
  await admin.connect();
  try {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (result?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

/** `users` × `perUser` text pushes from the plain account, each with its own MsgId. */
export function userStreams(users: number, perUser: number): EnrichedEnvelopeV1[][] {
  const run = `${Date.now()}`.slice(-9);
  return Array.from({ length: users }, (_, u) => {
    const openId = `oDispatch${run}u${u}`;
    return Array.from({ length: perUser }, (_, seq) => {
      const msgId = `7${run}${String(u).padStart(3, '0')}${String(seq).padStart(5, '0')}`;
      return enrichedEnvelope({
        appId: ACCOUNTS.plain.appId,
        token: ACCOUNTS.plain.token,
        xml: textPushXml(openId, seq, msgId),
        eventId: `evt-${msgId}`,
      });
    });
  });
}

/** Interleaves users' streams round-robin, keeping each user's own order. */
export function interleave<T>(streams: T[][]): T[] {
  const longest = Math.max(...streams.map((s) => s.length));
  return Array.from({ length: longest }, (_, i) =>
    streams.flatMap((s) => (i < s.length ? [s[i]] : [])),
  ).flat();
}

/** MsgIds per sender, in the order the sandbox received them. */
export function msgIdsBySender(events: StoredEvent[]): Map<string, string[]> {
  const bySender = new Map<string, string[]>();
  for (const event of events) {
    bySender.set(event.openId, [...(bySender.get(event.openId) ?? []), event.msgId ?? '']);
  }
  return bySender;
}

/** Waits until the sandbox holds `count` events of the plain account. */
export async function waitForDelivered(stack: DispatcherStack, count: number, timeoutMs = 60_000) {
  return waitFor(
    async () => {
      const events = await stack.delivered();
      return events.length >= count ? events : undefined;
    },
    { timeoutMs, intervalMs: 200, description: `${count} events at the sandbox` },
  );
}
