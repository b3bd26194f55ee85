import { constants } from 'node:os';
import { join } from 'node:path';
import { ensureTopics } from '@oa-relay/messaging';
import { Command } from 'commander';
import { startLocalKafka, startLocalRedis, type StartedService } from '../local/local-services';
import { printSandboxReport } from './demo-report';
import { startDemoStack, type DemoStack } from './demo-stack';
import { sendAndVerify } from './demo-traffic';

const repoRoot = join(__dirname, '..', '..', '..');
const workDir = join(repoRoot, '.oa-relay', 'demo');
const print = (line: string) => console.log(line);

/** Signals that end the demo; each stops everything it started (a closed terminal included). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

interface DemoOptions {
  /** Keep the stack running on the default ports after the samples, until a stop signal. */
  keep: boolean;
}

/**
 * The main job: Kafka, Redis and the six apps on defaults, the sample pushes through the
 * gateway signed as WeChat signs them, and what reached the QT sandbox. Exits non-zero when a
 * push that the gateway acknowledged never reached the sandbox.
 */
async function main(options: DemoOptions): Promise<number> {
  const services: StartedService[] = [];
  let stack: DemoStack | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      await stack?.stop();
      for (const service of services.reverse()) await service.stop();
    })());
  let awaitingStop = false;
  const stopSignal = nextStopSignal();
  void stopSignal.then(async (signal) => {
    if (awaitingStop) return;
    await stopAll();
    process.exit(128 + constants.signals[signal]);
  });

  try {
    const brokers = process.env.KAFKA_BROKERS ?? (await startKafka(services));
    const redisUrl = process.env.REDIS_URL ?? (await startRedis(services));
    await ensureTopics(brokers.split(','));
    print('topics           wechat.raw.v1, wechat.enriched.v1, analytics.events.v1, wechat.dlq.v1');

    const ports = options.keep ? 'defaults' : 'free';
    stack = await startDemoStack(repoRoot, workDir, { brokers, redisUrl }, print, ports);
    const { send, verify } = await sendAndVerify({
      repoRoot,
      gatewayUrl: stack.apps.gateway.baseUrl,
      sandboxUrl: stack.apps['qt-sandbox'].baseUrl,
      accountsFile: stack.accountsFile,
      workDir,
    });
    print('');
    print(send.output.trimEnd());
    print(verify.output.trimEnd());
    await printSandboxReport(stack.apps['qt-sandbox'].baseUrl, print);
    print('');
    print(`logs: ${join(workDir, 'logs')}`);
    const exitCode = send.exitCode === 0 && verify.exitCode === 0 ? 0 : 1;
    if (options.keep) {
      awaitingStop = true;
      printKeptStack(stack.accountsFile);
      await stopSignal;
      print('stopping the stack');
    }
    return exitCode;
  } finally {
    await stopAll();
    if (options.keep) print('stopped: every app, and the Kafka and Redis the demo started');
  }
}

function nextStopSignal(): Promise<(typeof STOP_SIGNALS)[number]> {
  return new Promise((resolve) => {
    for (const signal of STOP_SIGNALS) process.once(signal, () => resolve(signal));
  });
}

function printKeptStack(accountsFile: string): void {
  const manifest = join(workDir, 'load.jsonl');
  print('');
  print('The stack keeps running on the default ports; Ctrl-C stops all of it.');
  print('  QT sandbox page  http://127.0.0.1:3100/');
  print('  more traffic     npx oa-relay-sim load --rate 200 --duration 10s --retry-share 0.1 \\');
  print(`                     --accounts ${accountsFile} --manifest ${manifest}`);
  print(`  verify it        npx oa-relay-sim verify --manifest ${manifest}`);
}

async function startKafka(services: StartedService[]): Promise<string> {
  const kafka = await startLocalKafka('demo-kafka');
  services.push(kafka.service);
  print(`kafka            ${kafka.brokers} (local KRaft broker)`);
  return kafka.brokers;
}

async function startRedis(services: StartedService[]): Promise<string> {
  const redis = await startLocalRedis();
  services.push(redis.service);
  print(`redis            ${redis.url}`);
  return redis.url;
}

const options = new Command('demo')
  .description('Kafka, Redis and the six apps, the sample pushes into the QT sandbox')
  .option('--keep', 'keep the stack running on the default ports until Ctrl-C', false)
  .parse()
  .opts<DemoOptions>();

main(options).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
