import { Command, Option } from 'commander';
import { LoadStats, formatSummary, type LoadSummary } from '../load/load-stats';
import {
  DEFAULT_MAX_IN_FLIGHT,
  runLoad,
  type LoadPlan,
  type LoadResult,
} from '../load/load-runner';
import { createProgressReporter, type ProgressReporter } from '../load/progress-reporter';
import { ManifestWriter } from '../manifest/manifest';
import { createHttpSender, isAcknowledged } from '../wire/http-sender';
import { loadSimAccounts } from '../wire/sim-account';
import { MODE_CHOICES, type ModeChoice } from '../wire/wire-push';
import { duration, list, positiveInt, positiveNumber, share } from './option-parsers';
import type { CliIo } from './cli-io';
import { createTrafficSource } from './traffic-source';

/** The options of `send` and `load`, as commander hands them over. */
export interface TrafficOptions {
  gateway: string;
  accounts: string;
  account?: string[];
  mode: ModeChoice;
  samples?: string | boolean;
  asIs?: boolean;
  mix: string;
  users: number;
  seed?: number;
  manifest?: string;
  timeout: number;
  json?: boolean;
  rate?: number;
  concurrency?: number;
  count?: number;
  duration?: number;
  retryShare: number;
  maxInFlight?: number;
  progress: boolean;
}

/** Adds what `send` and `load` share: where to send, as whom, what and how. */
export function addTrafficOptions(command: Command): Command {
  return command
    .option(
      '-g, --gateway <url>',
      'gateway base URL; pushes go to <url>/wechat/<appId>',
      'http://127.0.0.1:3000',
    )
    .addOption(
      new Option('-a, --accounts <file>', 'accounts file (tokens and keys to sign with)')
        .env('ACCOUNTS_FILE')
        .makeOptionMandatory(),
    )
    .option(
      '--account <appId>',
      'only these accounts (repeatable, comma-separated); default all',
      list,
    )
    .addOption(
      new Option('-m, --mode <mode>', 'how pushes are sent').choices(MODE_CHOICES).default('auto'),
    )
    .option(
      '--samples [dir]',
      'send the sample pushes, once per account (default ../shared/samples/pushes)',
    )
    .option('--as-is', 'send samples byte for byte (default: fresh CreateTime, MsgId, ToUserName)')
    .option(
      '--mix <spec>',
      'kinds to generate: uniform, realistic, kind=weight, msg-*=weight',
      'realistic',
    )
    .option('--users <n>', 'distinct users per account', positiveInt, 1000)
    .option('--seed <n>', 'reproduce the same pushes', positiveInt)
    .option(
      '--manifest <file>',
      'write each acknowledged push (JSON Lines) for `verify`; an existing file is replaced',
    )
    .addOption(
      new Option('--timeout <duration>', 'per request, as WeChat waits 5 s')
        .argParser(duration)
        .default(5_000, '5s'),
    )
    .option('-r, --rate <n>', 'target requests per second (open loop)', positiveNumber)
    .option('-c, --concurrency <n>', 'requests in flight (closed loop)', positiveInt)
    .option('-n, --count <n>', 'stop after this many requests, retries included', positiveInt)
    .option('-d, --duration <duration>', 'stop after this long, e.g. 30s, 2m', duration)
    .option(
      '--retry-share <share>',
      'share of requests that resend an earlier push unchanged',
      share,
      0,
    )
    .option(
      '--max-in-flight <n>',
      'with --rate, the most requests waiting at once (1024)',
      positiveInt,
    )
    .option('--no-progress', 'no progress bar or progress lines')
    .option('--json', 'print the summary as JSON on stdout');
}

/** Runs `send` (one push after another, each printed) or `load` (progress and a summary). */
export async function runTraffic(
  verb: 'send' | 'load',
  options: TrafficOptions,
  io: CliIo,
): Promise<number> {
  const accounts = loadSimAccounts(options.accounts, options.account);
  const source = createTrafficSource({ ...options, accounts });
  const plan = planOf(verb, options);
  const stats = new LoadStats();
  const manifest = options.manifest ? new ManifestWriter(options.manifest) : undefined;
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);

  const progress = verb === 'load' && options.progress ? startProgress(plan, stats, io) : undefined;
  const onResult = (result: LoadResult) => {
    stats.record(result.outcome, result.retry);
    if (manifest && isAcknowledged(result.outcome)) manifest.add(result.wire);
    if (verb === 'send' && !options.json) io.out(describeResult(result));
  };
  try {
    const { elapsedMs } = await runLoad(
      { ...plan, signal: abort.signal },
      source,
      createHttpSender({
        gateway: options.gateway,
        timeoutMs: options.timeout,
        maxSockets: plan.rate === undefined ? plan.concurrency : plan.maxInFlight,
      }),
      onResult,
    );
    progress?.stop();
    const summary = stats.summary(elapsedMs);
    report(summary, manifest, options, io);
    // A load that the stack could not answer in full is a failed run, as a send is.
    return summary.success < summary.sent ? 1 : 0;
  } finally {
    progress?.stop();
    await manifest?.close();
    process.off('SIGINT', onSigint);
  }
}

function planOf(verb: 'send' | 'load', o: TrafficOptions): LoadPlan {
  const concurrency = o.concurrency ?? (verb === 'send' ? 1 : 50);
  const bounded = o.count !== undefined || o.duration !== undefined;
  const count = o.count ?? (bounded || o.samples ? undefined : verb === 'send' ? 1 : undefined);
  const durationMs = o.duration ?? (bounded || o.samples || verb === 'send' ? undefined : 10_000);
  return {
    rate: o.rate,
    concurrency,
    count,
    durationMs,
    retryShare: o.retryShare,
    maxInFlight: o.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    seed: o.seed,
  };
}

function startProgress(plan: LoadPlan, stats: LoadStats, io: CliIo): { stop(): void } {
  const reporter: ProgressReporter = createProgressReporter(plan, {
    tty: io.errIsTTY,
    write: io.err,
  });
  const started = Date.now();
  const snapshot = () => {
    const { sent, success } = stats.summary(Date.now() - started);
    reporter.update({ sent, success, elapsedMs: Date.now() - started });
  };
  const timer = setInterval(snapshot, 200);
  let stopped = false;
  return {
    stop(): void {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      snapshot();
      reporter.stop();
    },
  };
}

function report(
  summary: LoadSummary,
  manifest: ManifestWriter | undefined,
  options: TrafficOptions,
  io: CliIo,
): void {
  const acknowledged = manifest
    ? { manifest: options.manifest, acknowledgedPushes: manifest.size }
    : {};
  if (options.json) {
    io.out(JSON.stringify({ ...summary, ...acknowledged }));
    return;
  }
  for (const line of formatSummary(summary)) io.out(line);
  if (manifest) io.out(`manifest  ${manifest.size} acknowledged pushes in ${options.manifest}`);
}

function describeResult({ wire, retry, outcome }: LoadResult): string {
  const answer = `${outcome.status} ${outcome.body || '(empty)'}`.slice(0, 60);
  const again = retry ? ' (retry)' : '';
  return `${answer.padEnd(14)} ${wire.mode.padEnd(10)} ${wire.push.kind.padEnd(34)} ${wire.push.appId} ${wire.push.openId} ${outcome.latencyMs.toFixed(1)} ms${again}`;
}
