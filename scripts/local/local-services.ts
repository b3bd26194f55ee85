import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = findRepoRoot(__dirname);

/** A service a test run started, and how to stop it. */
export interface StartedService {
  name: string;
  stop(): Promise<void>;
}

/** True when a Docker engine answers, so testcontainers can start the services. */
export async function dockerAnswers(): Promise<boolean> {
  try {
    await run('docker', ['info'], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/** Starts a real KRaft broker from Maven Central's artifacts through infra/kafka/kafka.sh. */
export async function startLocalKafka(
  name = `test-${process.pid}`,
): Promise<{ brokers: string; service: StartedService }> {
  const stateDir = join(repoRoot, '.oa-relay', name);
  const env = { ...process.env, OA_RELAY_STATE_DIR: stateDir };
  const script = join(repoRoot, 'infra', 'kafka', 'kafka.sh');
  const { stdout } = await run('bash', [script, 'start'], { env, timeout: 300_000 });
  const brokers = stdout.trim().split('\n').pop() ?? '';

  return {
    brokers,
    service: {
      name: 'kafka (local KRaft)',
      stop: async () => {
        await run('bash', [script, 'stop'], { env, timeout: 60_000 });
      },
    },
  };
}

/** Starts a throwaway redis-server on a free port, keeping nothing on disk. */
export async function startLocalRedis(): Promise<{ url: string; service: StartedService }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await waitForPort(port, child);

  return {
    url: `redis://127.0.0.1:${port}`,
    service: { name: 'redis-server', stop: () => stopChild(child) },
  };
}

/** Starts Kafka and Redis as containers where a Docker engine answers. */
export async function startContainers(need: {
  kafka: boolean;
  redis: boolean;
}): Promise<{ brokers?: string; redisUrl?: string; services: StartedService[] }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const services: StartedService[] = [];
  const result: { brokers?: string; redisUrl?: string; services: StartedService[] } = { services };

  if (need.redis) {
    const redis = await new GenericContainer('redis:7-alpine').withExposedPorts(6379).start();
    result.redisUrl = `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`;
    services.push({ name: 'redis container', stop: async () => void (await redis.stop()) });
  }
  if (need.kafka) {
    const port = await freePort();
    const kafka = await new GenericContainer('apache/kafka:4.1.1')
      .withExposedPorts({ container: 9092, host: port })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      })
      .withWaitStrategy(Wait.forLogMessage('Kafka Server started'))
      .start();
    result.brokers = `127.0.0.1:${port}`;
    services.push({ name: 'kafka container', stop: async () => void (await kafka.stop()) });
  }
  return result;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return listenOnce(0);
}

/** Whether nothing listens on a port of 127.0.0.1 now. */
export async function portIsFree(port: number): Promise<boolean> {
  return listenOnce(port).then(
    () => true,
    () => false,
  );
}

/** Listens on a port of 127.0.0.1 (0: any), closes, and gives the port that was bound. */
function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not listen on ${port} within 10s`);
}

async function canConnect(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** The repository root, from source (scripts/local) or from the build (dist/scripts/local). */
function findRepoRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'infra', 'kafka', 'kafka.sh'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root above ${from}`);
    dir = parent;
  }
  return dir;
}
