import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createPushAccount, openPush, type PushAccount } from '@oa-relay/wechat';
import { main } from './cli';
import type { CliIo } from './cli/cli-io';
import type { StoredPush } from './verify/verify-matcher';

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

/**
 * A gateway stand-in: verifies every push with the protocol library as the real gateway
 * does, answers `success` (or 503 for the pushes `refuse` picks), and keeps what it accepted.
 */
class FakeGateway {
  readonly accepted: StoredPush[] = [];
  readonly modes = new Set<string>();
  refused = 0;
  refuse: (n: number) => boolean = () => false;
  private server!: Server;
  private readonly accounts = new Map<string, PushAccount>([
    [
      SAFE.appId,
      createPushAccount({
        appId: SAFE.appId,
        token: SAFE.token,
        encodingAESKey: SAFE.key,
        requireEncryption: true,
      }),
    ],
    [PLAIN.appId, createPushAccount({ appId: PLAIN.appId, token: PLAIN.token })],
  ]);
  private seen = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void body(req).then((text) => {
        const url = new URL(req.url!, 'http://x');
        const account = this.accounts.get(url.pathname.replace('/wechat/', ''));
        const opened =
          account && openPush({ account, query: Object.fromEntries(url.searchParams), body: text });
        if (!opened || !opened.ok) return res.writeHead(400).end('bad push');
        if (this.refuse(++this.seen)) {
          this.refused++;
          return res.writeHead(503).end('kafka down');
        }
        this.modes.add(opened.mode);
        const p = opened.push;
        this.accepted.push({
          appId: account.appId,
          openId: p.fromUserName,
          createTime: p.createTime,
          msgType: p.msgType,
          event: p.event,
          msgId: p.msgId,
        });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('success');
      });
    });
    return listen(this.server);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A QT sandbox stand-in serving GET /events from a list, as the real one does. */
async function fakeSandbox(events: () => StoredPush[]): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const account = url.searchParams.get('account');
    const since = Number(url.searchParams.get('since') ?? 0);
    const list = events().filter((e) => e.appId === account && Number(e.createTime) >= since);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
  });
  return { url: await listen(server), server };
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => resolve(Buffer.concat(chunks).toString()));
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

async function sim(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), errIsTTY: false };
  const code = await main(['node', 'oa-relay-sim', ...args], io);
  return { code, out, err };
}

describe('oa-relay-sim', () => {
  const gateway = new FakeGateway();
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

    it('counts answers other than success by status', async () => {
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
      const sandbox = await fakeSandbox(() =>
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
        await new Promise((resolve) => sandbox.server.close(resolve));
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
