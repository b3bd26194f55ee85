/**
 * Enriched events per second for a burst of pushes, all from new users (every unionid from
 * WeChat, through the sandbox) and then from the same users again (warm cache), with the
 * WeChat calls each burst cost. The enricher runs from dist as its own process.
 *
 *   npm run build && node dist/bench/enricher.bench.js \
 *     --brokers "$(bash infra/kafka/kafka.sh status)" --redis redis://127.0.0.1:6379 [--users 20000]
 */
import { Command } from 'commander';
import type { SandboxStatsView } from '../apps/wechat-sandbox/src/sandbox-stats';
import {
  benchUsers,
  OPENID_APP,
  rawText,
  startBenchStack,
  UNION_APP,
  type BenchStack,
} from './enricher-bench-stack';

interface BurstResult {
  name: string;
  events: number;
  publishMs: number;
  totalMs: number;
  batchget: number;
  tokenFetches: number;
}

async function burst(stack: BenchStack, name: string, users: string[]): Promise<BurstResult> {
  const records = users.map((o) => rawText(UNION_APP, o));
  const target = stack.counter.count + records.length;
  const before = await stack.sandboxStats();
  const started = performance.now();

  await stack.publish(records);
  const published = performance.now();
  await stack.counter.reach(target, 300_000);

  const after = await stack.sandboxStats();
  return {
    name,
    events: records.length,
    publishMs: published - started,
    totalMs: stack.counter.lastAt - started,
    batchget: calls(after, before, 'batchget'),
    tokenFetches: calls(after, before, 'stable_token'),
  };
}

function calls(
  after: SandboxStatsView,
  before: SandboxStatsView,
  endpoint: 'batchget' | 'stable_token',
) {
  return (after.byApp[UNION_APP]?.[endpoint] ?? 0) - (before.byApp[UNION_APP]?.[endpoint] ?? 0);
}

function report(results: BurstResult[]): void {
  console.log(
    '\nburst                 events   publish ms   enriched in ms   events/s   batchget   token fetches',
  );
  for (const r of results) {
    const rate = Math.round((r.events / r.totalMs) * 1_000);
    console.log(
      [
        r.name.padEnd(20),
        String(r.events).padStart(7),
        r.publishMs.toFixed(0).padStart(12),
        r.totalMs.toFixed(0).padStart(16),
        String(rate).padStart(10),
        String(r.batchget).padStart(10),
        String(r.tokenFetches).padStart(15),
      ].join(' '),
    );
  }
}

async function main(): Promise<void> {
  const options = new Command()
    .requiredOption(
      '--brokers <list>',
      'Kafka bootstrap servers, comma-separated (default: KAFKA_BROKERS)',
      process.env.KAFKA_BROKERS,
    )
    .option('--redis <url>', 'Redis URL', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
    .option('--users <n>', 'pushes per burst, one per user', '20000')
    .parse()
    .opts<{ brokers: string; redis: string; users: string }>();
  const users = benchUsers(Number(options.users));
  const stack = await startBenchStack({
    brokers: options.brokers.split(','),
    redisUrl: options.redis,
    users: users.length,
  });

  try {
    // One openid push proves the consumer has joined its group before anything is timed.
    await stack.publish([rawText(OPENID_APP, 'oBenchWarmup')]);
    await stack.counter.reach(1, 60_000);
    const results = [
      await burst(stack, 'all-new users', users),
      await burst(stack, 'warm cache', users),
    ];
    report(results);
    console.log(`\nenricher log: ${stack.enricher.logFile}`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
