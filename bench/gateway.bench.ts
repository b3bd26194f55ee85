/**
 * Safe-mode pushes per second and latency (p50/p99) against the real gateway (its own
 * process, real Kafka and Redis), side by side with the baseline of bench/gateway-baseline.
 * server.ts (Express forwarding synchronously to the QT sandbox, as QT's Java demo does).
 *
 *   npm run build && KAFKA_BROKERS=$(bash infra/kafka/kafka.sh status) \
 *     REDIS_URL=redis://127.0.0.1:6379 node dist/bench/gateway.bench.js [seconds] [connections]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTopics } from '@oa-relay/messaging';
import { buildPushRequest } from '@oa-relay/wechat';

/** The part of autocannon (which ships no types) this benchmark uses. */
interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

const ACCOUNT = {
  appId: 'wx5a1e0000000000b2',
  token: 'bench-token',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const QT = { serviceId: 'bench-service', serviceSecret: 'bench-secret', appkey: 'bench-appkey' };
const PORTS = { gateway: 3297, baseline: 3298, sandbox: 3296 };
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `gw-bench-${process.pid}`;

interface Round {
  name: string;
  rate: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  peakRssMb?: number;
  /** CPU time the server process spent per request: load on the machine does not inflate it. */
  cpuUsPerPush?: number;
}

function accountsFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'gw-bench-')), 'accounts.json');
  const account = { ...ACCOUNT, name: 'bench', qt: { appkey: QT.appkey } };
  writeFileSync(path, JSON.stringify({ accounts: [account] }));
  return path;
}

/** Safe-mode requests, each a distinct message so that dedupe never short-cuts one. */
function safePushes(count: number): { path: string; body: string }[] {
  const requests: { path: string; body: string }[] = [];
  for (let i = 0; i < count; i++) {
    const now = Math.floor(Date.now() / 1000);
    const xml =
      `<xml><ToUserName><![CDATA[gh_5a1e00000001]]></ToUserName><FromUserName><![CDATA[oBench${i % 5000}]]></FromUserName>` +
      `<CreateTime>${now}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
      `<Content><![CDATA[你好，想了解会员权益 🙂 ${i}]]></Content><MsgId>${24903327368861869n + BigInt(i)}</MsgId></xml>`;
    const { query, body } = buildPushRequest({ ...ACCOUNT, mode: 'safe', xml });
    requests.push({
      path: `/wechat/${ACCOUNT.appId}?${new URLSearchParams(query).toString()}`,
      body,
    });
  }
  return requests;
}

/** Extra node flags for the servers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them. */
const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

function start(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...serverNodeArgs, join(__dirname, '..', script)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
  });
}

async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become ready`);
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(child: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function peakRssMb(child: ChildProcess): number | undefined {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

async function load(
  name: string,
  port: number,
  pushes: { path: string; body: string }[],
  seconds: number,
  connections: number,
): Promise<Round> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        setupRequest: (request) => {
          const push = pushes[next++ % pushes.length];
          return { ...request, path: push.path, body: push.body };
        },
      },
    ],
  });
  if (next > pushes.length) console.log(`  (${name}: pool of ${pushes.length} reused; raise it)`);
  return {
    name,
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function print(rounds: Round[]): void {
  for (const r of rounds) {
    const memory = r.peakRssMb === undefined ? '' : `  peak RSS ${r.peakRssMb} MB`;
    const cpu = r.cpuUsPerPush === undefined ? '' : `  CPU ${Math.round(r.cpuUsPerPush)} µs/push`;
    console.log(
      `${r.name.padEnd(40)} ${Math.round(r.rate).toLocaleString('en-US').padStart(7)} pushes/s` +
        `  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}${memory}${cpu}`,
    );
  }
  const [gateway, baseline] = rounds;
  console.log(`throughput ratio: ${(gateway.rate / baseline.rate).toFixed(1)}x (goal 3x)`);
  console.log(
    `machine load average after the run: ${readFileSync('/proc/loadavg', 'utf8').trim()}`,
  );
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? '15');
  const connections = Number(process.argv[3] ?? '64');
  const topic = `${run}-raw`;
  const accounts = accountsFile();
  await ensureTopics(brokers.split(','), [{ name: topic, partitions: 12 }]);
  const pushes = safePushes(Math.max(20_000, seconds * 10_000));

  const gateway = start('apps/gateway/src/main.js', {
    PORT: String(PORTS.gateway),
    KAFKA_BROKERS: brokers,
    REDIS_URL: redisUrl,
    ACCOUNTS_FILE: accounts,
    GATEWAY_RAW_TOPIC: topic,
    GATEWAY_DEDUPE_PREFIX: `${run}-dedupe`,
  });
  const rounds: Round[] = [];
  try {
    await waitReady(`http://127.0.0.1:${PORTS.gateway}/health/ready`);
    await load('warm-up', PORTS.gateway, pushes.slice(-2_000), 2, connections);
    const cpuBefore = cpuSeconds(gateway);
    const round = await load('gateway (safe mode)', PORTS.gateway, pushes, seconds, connections);
    const cpuUsPerPush = ((cpuSeconds(gateway) - cpuBefore) * 1e6) / (round.rate * seconds);
    rounds.push({ ...round, peakRssMb: peakRssMb(gateway), cpuUsPerPush });
  } finally {
    gateway.kill('SIGTERM');
  }

  const sandbox = start('apps/qt-sandbox/src/main.js', {
    PORT: String(PORTS.sandbox),
    REDIS_URL: redisUrl,
    ACCOUNTS_FILE: accounts,
    QT_SERVICE_ID: QT.serviceId,
    QT_SERVICE_SECRET: QT.serviceSecret,
    QT_SANDBOX_KEY_PREFIX: `${run}-qt`,
  });
  const baseline = start('bench/gateway-baseline.server.js', {
    BASELINE_PORT: String(PORTS.baseline),
    QT_URL: `http://127.0.0.1:${PORTS.sandbox}/server/thirdPartyDataSource`,
    QT_SERVICE_ID: QT.serviceId,
    QT_SERVICE_SECRET: QT.serviceSecret,
    BASELINE_APPKEY: QT.appkey,
  });
  try {
    await waitReady(`http://127.0.0.1:${PORTS.sandbox}/health/live`);
    await waitReady(`http://127.0.0.1:${PORTS.baseline}/`);
    await load('warm-up', PORTS.baseline, pushes.slice(-2_000), 2, connections);
    const cpuBefore = cpuSeconds(baseline) + cpuSeconds(sandbox);
    const round = await load(
      'baseline (Express, sync to QT)',
      PORTS.baseline,
      pushes,
      seconds,
      connections,
    );
    const cpu = cpuSeconds(baseline) + cpuSeconds(sandbox) - cpuBefore;
    rounds.push({
      ...round,
      peakRssMb: peakRssMb(baseline),
      cpuUsPerPush: (cpu * 1e6) / (round.rate * seconds),
    });
  } finally {
    baseline.kill('SIGTERM');
    sandbox.kill('SIGTERM');
  }

  console.log(`${seconds}s per round, ${connections} connections, node ${process.version}`);
  print(rounds);
}

void main();
