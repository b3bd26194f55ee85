import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ensureTopics } from '@oa-relay/messaging';
import { testKafkaBrokers, testRedisUrl, uniqueName, waitFor } from '@oa-relay/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { createGatewayApp } from '../../gateway/src/gateway.app';
import { main } from './cli';
import type { CliIo } from './cli/cli-io';
import { TopicSchemaValidator } from './topic-schemas/topic-schema-validator';

// The simulator against the real gateway, real Kafka and real Redis: every push it sends in
// every mode is accepted, each acknowledged push is on the topic exactly once whatever the
// retries, and what the gateway writes is valid against docs/schemas/wechat.raw.v1.schema.json.

const dir = mkdtempSync(join(tmpdir(), 'sim-e2e-'));
const accountsFile = join(dir, 'accounts.yaml');
writeFileSync(
  accountsFile,
  `accounts:
  - appId: wx5a1e0000000000a1
    name: strict
    token: e2eTokenA
    encodingAESKey: abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG
    requireEncryption: true
    qt: { appkey: a }
  - appId: wx5a1e0000000000b2
    name: mixed
    token: e2eTokenB
    encodingAESKey: kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR
    qt: { appkey: b }
`,
);

interface Record {
  key: string;
  value: string;
}

async function sim(...args: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: () => undefined, errIsTTY: false };
  return { code: await main(['node', 'oa-relay-sim', ...args], io), out };
}

describe('oa-relay-sim against the real gateway', () => {
  const topic = uniqueName('sim-e2e-raw');
  const records: Record[] = [];
  const validator = new TopicSchemaValidator();
  let app: NestFastifyApplication;
  let url: string;
  let consumer: Consumer;

  beforeAll(async () => {
    await ensureTopics(testKafkaBrokers(), [{ name: topic, partitions: 12 }]);
    app = await createGatewayApp({
      LOG_LEVEL: 'silent',
      PORT: '0',
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      REDIS_URL: testRedisUrl(),
      ACCOUNTS_FILE: accountsFile,
      GATEWAY_RAW_TOPIC: topic,
      GATEWAY_DEDUPE_PREFIX: uniqueName('sim-e2e-dedupe'),
    });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

    const kafka = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
    consumer = kafka.consumer({ groupId: uniqueName('sim-e2e') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        records.push({ key: message.key!.toString(), value: message.value!.toString() });
        return Promise.resolve();
      },
    });
  }, 60_000);

  afterAll(async () => {
    await consumer?.disconnect();
    await app?.close();
  });

  function expectValidRecords(from: number, count: number): void {
    const fresh = records.slice(from);
    expect(fresh).toHaveLength(count);
    for (const record of fresh) {
      const value = JSON.parse(record.value) as { appId: string; openId: string };
      expect(validator.validateRecord('wechat.raw.v1', record.value)).toEqual({ valid: true });
      expect(record.key).toBe(`${value.appId}:${value.openId}`);
    }
  }

  it('sends every sample in every mode the accounts allow, each stored once', async () => {
    const manifest = join(dir, 'samples.jsonl');
    const run = await sim(
      'send',
      '-g',
      url,
      '-a',
      accountsFile,
      '--samples',
      '--mode',
      'mixed',
      '--manifest',
      manifest,
      '--json',
    );
    const lines = readFileSync(manifest, 'utf8').trim().split('\n');

    expect(run.code).toBe(0);
    expect(JSON.parse(run.out[0])).toMatchObject({ sent: 58, success: 58 });
    await waitFor(() => records.length >= 58, { timeoutMs: 30_000, description: '58 records' });
    expectValidRecords(0, lines.length);
    const modes = new Set(records.map((r) => (JSON.parse(r.value) as { mode: string }).mode));
    expect(modes).toEqual(new Set(['plaintext', 'compatible', 'safe']));
  }, 60_000);

  it('keeps WeChat-style retries off the topic under load', async () => {
    const before = await waitFor(() => records.length >= 58 && records.length, {
      timeoutMs: 30_000,
    });
    const run = await sim(
      'load',
      '-g',
      url,
      '-a',
      accountsFile,
      '-c',
      '16',
      '-n',
      '400',
      '--retry-share',
      '0.1',
      '--mode',
      'mixed',
      '--mix',
      'uniform',
      '--manifest',
      join(dir, 'load.jsonl'),
      '--json',
      '--no-progress',
    );
    const summary = JSON.parse(run.out[0]) as {
      success: number;
      retries: number;
      acknowledgedPushes: number;
    };

    expect(summary).toMatchObject({ sent: 400, success: 400, other: {} });
    expect(summary.retries).toBeGreaterThan(10);
    await waitFor(() => records.length >= before + summary.acknowledgedPushes, {
      timeoutMs: 30_000,
      description: 'every acknowledged push on the topic',
    });
    // Give late duplicates, if any, a moment to show up before counting exactly.
    await waitFor(async () => (await consumerLag()) === 0, { timeoutMs: 10_000 });
    expectValidRecords(before, summary.acknowledgedPushes);
  }, 90_000);

  async function consumerLag(): Promise<number> {
    const admin = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
      return total - records.length;
    } finally {
      await admin.disconnect();
    }
  }
});
