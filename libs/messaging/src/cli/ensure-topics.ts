import { Command } from 'commander';
import { ensureTopics, TOPICS } from '../topics';

// Creates the project's topics: `node dist/libs/messaging/src/cli/ensure-topics.js --brokers …`.
async function main(argv: string[]): Promise<void> {
  const program = new Command('ensure-topics')
    .description('create the oa-relay Kafka topics with their partition counts (idempotent)')
    .requiredOption('-b, --brokers <list>', 'comma-separated bootstrap servers')
    .option('-r, --replication-factor <n>', 'replication factor (-1: broker default)', '-1')
    .parse(argv);
  const options = program.opts<{ brokers: string; replicationFactor: string }>();
  const brokers = options.brokers
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);

  const result = await ensureTopics(brokers, Object.values(TOPICS), {
    replicationFactor: Number(options.replicationFactor),
  });

  for (const topic of Object.values(TOPICS)) {
    const state = result.created.includes(topic.name) ? 'created' : 'exists';
    console.log(`${topic.name}\t${topic.partitions} partitions\t${state}`);
  }
}

main(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
