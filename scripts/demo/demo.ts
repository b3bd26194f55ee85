import { join } from 'node:path';
import { ensureTopics } from '@oa-relay/messaging';
import { startLocalKafka, startLocalRedis, type StartedService } from '../local/local-services';
import { printSandboxReport } from './demo-report';
import { startDemoStack, type DemoStack } from './demo-stack';
import { sendAndVerify } from './demo-traffic';

const repoRoot = join(__dirname, '..', '..', '..');
const workDir = join(repoRoot, '.oa-relay', 'demo');
const print = (line: string) => console.log(line);

/**
 * The main job: Kafka, Redis and the six apps on defaults, the sample pushes through the
 * gateway signed as WeChat signs them, and what reached the QT sandbox. Exits non-zero when a
 * push that the gateway acknowledged never reached the sandbox.
 */
async function main(): Promise<number> {
  const services: StartedService[] = [];
  let stack: DemoStack | undefined;
  const stopAll = async () => {
    await stack?.stop();
    for (const service of services.reverse()) await service.stop();
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

  try {
    const brokers = process.env.KAFKA_BROKERS ?? (await startKafka(services));
    const redisUrl = process.env.REDIS_URL ?? (await startRedis(services));
    await ensureTopics(brokers.split(','));
    print('topics           wechat.raw.v1, wechat.enriched.v1, analytics.events.v1, wechat.dlq.v1');

    stack = await startDemoStack(repoRoot, workDir, { brokers, redisUrl }, print);
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
    return send.exitCode === 0 && verify.exitCode === 0 ? 0 : 1;
  } finally {
    await stopAll();
  }
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

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
