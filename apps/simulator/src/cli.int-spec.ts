import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPushAccount } from '@oa-relay/wechat';
import { main } from './cli';
import type { CliIo } from './cli/cli-io';
import { FakeGateway, startFakeSandbox } from './testing/stand-ins';

const SAFE = {
  appId: 'wx5a1e0000000000a1',
  token: 'intSpecTokenA',
  key: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const PLAIN = { appId: 'wx5a1e0000000000b2', token: 'intSpecTokenB' };
const dir = mkdtempSync(join(tmpdir(), 'sim-int-'));
const accountsFile = join(dir, 'accounts.yaml');
writeFileSync(
  accountsFile,
  `accounts:
  - { appId: ${SAFE.appId}, name: A, token: ${SAFE.token}, encodingAESKey: ${SAFE.key}, requireEncryption: true, qt: { appkey: a } }
  - { appId: ${PLAIN.appId}, name: B, token: ${PLAIN.token}, qt: { appkey: b } }
`,
);

async function sim(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), errIsTTY: false };
  const code = await main(['node', 'oa-relay-sim', ...args], io);
  return { code, out, err };
}

describe('oa-relay-sim', () => {
  const gateway = new FakeGateway([
    createPushAccount({ ...SAFE, encodingAESKey: SAFE.key, requireEncryption: true }),
    createPushAccount(PLAIN),
  ]);
  let gatewayUrl: string;

  beforeAll(async () => {
    gatewayUrl = await gateway.start();
  });
  afterAll(() => gateway.stop());

  describe('send', () => {
    it('sends every sample to every account in a mode each accepts, and writes the manifest', async () => {
      const manifest = join(dir, 'samples.jsonl');
      const before = gateway.accepted.length;
      const run = await sim(
        'send',
        '-g',
        gatewayUrl,
        '-a',
        accountsFile,
        '--samples',
        '--mode',
        'mixed',
        '--manifest',
        manifest,
        '--json',
      );

      expect(run.code).toBe(0);
      expect(JSON.parse(run.out[0])).toMatchObject({
        sent: 58,
        success: 58,
        acknowledgedPushes: 58,
      });
      expect(gateway.accepted.length - before).toBe(58);
      expect(readFileSync(manifest, 'utf8').trim().split('\n')).toHaveLength(58);
      expect(gateway.modes).toEqual(new Set(['plaintext', 'compatible', 'safe']));
    });

    it('prints each answer and exits 1 when a push is not acknowledged', async () => {
      gateway.refuse = (n) => n % 2 === 0;
      const run = await sim(
        'send',
        '-g',
        gatewayUrl,
        '-a',
        accountsFile,
        '--account',
        PLAIN.appId,
        '-n',
        '4',
      );
      gateway.refuse = () => false;

      expect(run.code).toBe(1);
      expect(run.out.filter((l) => l.startsWith('200 success'))).toHaveLength(2);
      expect(run.out.filter((l) => l.startsWith('503 kafka down'))).toHaveLength(2);
      expect(run.out).toContain('other     2 answered 503');
    });

    it('reports a bad option by its code', async () => {
      const run = await sim(
        'send',
        '-g',
        gatewayUrl,
        '-a',
        accountsFile,
        '--account',
        'wx0000000000000000',
      );

      expect(run.code).toBe(2);
      expect(run.err[0]).toContain('SIM_UNKNOWN_ACCOUNT');
    });
  });

  describe('load', () => {
    it('holds a rate with retries and summarises sent, success and latency', async () => {
      const manifest = join(dir, 'load.jsonl');
      const run = await sim(
        'load',
        '-g',
        gatewayUrl,
        '-a',
        accountsFile,
        '--rate',
        '300',
        '--count',
        '600',
        '--retry-share',
        '0.1',
        '--mode',
        'mixed',
        '--mix',
        'uniform',
        '--manifest',
        manifest,
        '--json',
      );
      const summary = JSON.parse(run.out[0]);

      expect(run.code).toBe(0);
      expect(summary).toMatchObject({ sent: 600, success: 600, other: {} });
      expect(summary.retries).toBeGreaterThan(30);
      expect(summary.acknowledgedPushes).toBe(600 - summary.retries);
      expect(summary.elapsedMs).toBeGreaterThan(1_800);
      expect(summary.latencyMs.p99).toBeGreaterThan(0);
      expect(summary.latencyMs.p50).toBeLessThanOrEqual(summary.latencyMs.p99);
      expect(run.err.join('\n')).not.toContain('\u001b');
    });

    it('counts answers other than success by status, and exits 1 for them', async () => {
      gateway.refuse = (n) => n % 4 === 0;
      const run = await sim(
        'load',
        '-g',
        gatewayUrl,
        '-a',
        accountsFile,
        '-c',
        '8',
        '-n',
        '400',
        '--json',
        '--no-progress',
      );
      gateway.refuse = () => false;

      expect(JSON.parse(run.out[0])).toMatchObject({
        sent: 400,
        success: 300,
        other: { '503': 100 },
      });
      expect(run.code).toBe(1);
    });
  });

  describe('verify', () => {
    it('passes when the sandbox holds every acknowledged push, and catches one dropped on purpose', async () => {
      const manifest = join(dir, 'verify.jsonl');
      const start = gateway.accepted.length;
      await sim(
        'load',
        '-g',
        gatewayUrl,
        '-a',
        accountsFile,
        '-c',
        '4',
        '-n',
        '200',
        '--retry-share',
        '0.05',
        '--manifest',
        manifest,
        '--json',
      );
      const delivered = gateway.accepted.slice(start);
      const dropped = delivered[123];
      let drop = false;
      const sandbox = await startFakeSandbox(() =>
        drop ? delivered.filter((e) => e !== dropped) : delivered,
      );

      try {
        const ok = await sim(
          'verify',
          '-s',
          sandbox.url,
          '--manifest',
          manifest,
          '--timeout',
          '2s',
          '--interval',
          '50ms',
        );
        drop = true;
        const missing = await sim(
          'verify',
          '-s',
          sandbox.url,
          '--manifest',
          manifest,
          '--timeout',
          '300ms',
          '--interval',
          '50ms',
        );

        expect(ok.code).toBe(0);
        expect(ok.out[0]).toMatch(/^verified {2}all \d+ acknowledged pushes/);
        expect(missing.code).toBe(1);
        expect(missing.out[0]).toMatch(/^MISSING {3}1 of \d+ acknowledged pushes/);
        expect(missing.out[1]).toContain(`user ${dropped.openId} CreateTime ${dropped.createTime}`);
      } finally {
        await sandbox.stop();
      }
    });

    it('says when the sandbox cannot be reached', async () => {
      const manifest = join(dir, 'samples.jsonl');
      const run = await sim(
        'verify',
        '-s',
        'http://127.0.0.1:9',
        '--manifest',
        manifest,
        '--timeout',
        '0s',
      );

      expect(run.code).toBe(1);
      expect(run.out[0]).toContain('SIM_SANDBOX_UNREACHABLE');
    });
  });
});
