import type { DeadLetterStage } from '@oa-relay/events';
import { SingleBar, Presets } from 'cli-progress';
import { Command, Option } from 'commander';
import { readDeadLetters, type StoredDeadLetter } from '../dead-letter-reader';
import {
  deadLetterEventId,
  filterDeadLetters,
  replayDeadLetters,
  summarizeDeadLetters,
  type DeadLetterFilter,
} from '../dead-letter-replay';
import { KafkaPublisher } from '../kafka-publisher';
import { TOPICS } from '../topics';

/** Where the command writes; tests capture it. */
export interface DlqOutput {
  line(text: string): void;
  /** Shows a progress bar (a terminal only). */
  progress: boolean;
}

interface CommonOptions {
  brokers: string;
  topic: string;
  stage?: DeadLetterStage[];
  code?: string[];
  eventId?: string[];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function withCommonOptions(command: Command): Command {
  return command
    .requiredOption('-b, --brokers <list>', 'comma-separated bootstrap servers')
    .option('-t, --topic <name>', 'dead-letter topic', TOPICS.dlq.name)
    .addOption(
      new Option('-s, --stage <stage>', 'only this stage (repeatable)')
        .choices(['gateway', 'enricher', 'dispatcher'])
        .argParser(collect),
    )
    .option('-c, --code <code>', 'only this error code (repeatable)', collect)
    .option('-e, --event-id <id>', 'only this event id (repeatable)', collect);
}

async function load(options: CommonOptions): Promise<StoredDeadLetter[]> {
  const brokers = options.brokers
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const all = await readDeadLetters({ brokers, clientId: 'oa-relay-dlq', topic: options.topic });
  const filter: DeadLetterFilter = {
    stages: options.stage,
    codes: options.code,
    eventIds: options.eventId,
  };
  return filterDeadLetters(all, filter);
}

function describe(stored: StoredDeadLetter): string {
  const { source, failedAt, attempts, message } = stored.letter;
  const eventId = deadLetterEventId(stored) ?? '-';
  return `    ${source.topic}/${source.partition}/${source.offset} key=${source.key ?? '-'} event=${eventId} attempts=${attempts} at=${failedAt}: ${message}`;
}

/** The `dlq` command: `list` dead letters by stage and code, `replay` chosen ones to their source. */
export function buildDlqCommand(out: DlqOutput): Command {
  const program = new Command('dlq')
    .description('inspect and replay oa-relay dead letters')
    .exitOverride();

  withCommonOptions(
    program.command('list').description('count dead letters by stage and code, with samples'),
  )
    .option('-n, --samples <n>', 'samples per group', '3')
    .option('--json', 'print the groups as JSON')
    .action(async (options: CommonOptions & { samples: string; json?: boolean }) => {
      const groups = summarizeDeadLetters(await load(options), Number(options.samples));
      if (options.json) return out.line(JSON.stringify(groups, null, 2));
      if (groups.length === 0) return out.line('no dead letters match');
      for (const group of groups) {
        out.line(`${group.stage}\t${group.code}\t${group.count}`);
        group.samples.forEach((sample) => out.line(describe(sample)));
      }
    });

  withCommonOptions(
    program.command('replay').description('re-publish matching dead letters to their source topic'),
  )
    .option('--all', 'replay every dead letter when no filter is given')
    .option('--dry-run', 'show what would be replayed, publish nothing')
    .action(async (options: CommonOptions & { all?: boolean; dryRun?: boolean }) => {
      if (!options.all && !options.stage && !options.code && !options.eventId) {
        throw new Error('give --stage, --code or --event-id, or --all to replay everything');
      }
      const letters = await load(options);
      if (options.dryRun || letters.length === 0) {
        letters.forEach((stored) => out.line(describe(stored)));
        return out.line(`${letters.length} dead letters would be replayed`);
      }
      const replayed = await replay(options, letters, out);
      out.line(`replayed ${replayed} dead letters`);
    });

  return program;
}

async function replay(
  options: CommonOptions,
  letters: StoredDeadLetter[],
  out: DlqOutput,
): Promise<number> {
  const brokers = options.brokers
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const publisher = new KafkaPublisher({ brokers, clientId: 'oa-relay-dlq-replay' });
  const bar = out.progress ? new SingleBar({}, Presets.shades_classic) : undefined;
  bar?.start(letters.length, 0);
  try {
    return await replayDeadLetters(publisher, options.topic, letters, (done) => bar?.update(done));
  } finally {
    bar?.stop();
    await publisher.close();
  }
}
