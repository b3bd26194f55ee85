import { Command, Option } from 'commander';
import { readManifest, type ManifestEntry } from '../manifest/manifest';
import { createSandboxReader } from '../verify/sandbox-reader';
import { verifyDelivery, type VerifyReport } from '../verify/verify-runner';
import type { CliIo } from './cli-io';
import { duration } from './option-parsers';

/** The options of `verify`. */
export interface VerifyCommandOptions {
  sandbox: string;
  manifest: string;
  timeout: number;
  interval: number;
  json?: boolean;
}

/** Adds `verify`'s options. */
export function addVerifyOptions(command: Command): Command {
  return command
    .option('-s, --sandbox <url>', 'QT sandbox base URL', 'http://127.0.0.1:3100')
    .requiredOption('--manifest <file>', 'the manifest written by send or load')
    .addOption(
      new Option('--timeout <duration>', 'how long to wait for the last push')
        .argParser(duration)
        .default(60_000, '60s'),
    )
    .addOption(
      new Option('--interval <duration>', 'how often to look')
        .argParser(duration)
        .default(1_000, '1s'),
    )
    .option('--json', 'print the result as JSON on stdout');
}

/** Waits for every acknowledged push to reach the sandbox; 1 when some never did. */
export async function runVerify(options: VerifyCommandOptions, io: CliIo): Promise<number> {
  const entries = readManifest(options.manifest);
  const started = Date.now();
  let lastLine = 0;
  const report = await verifyDelivery(
    entries,
    createSandboxReader(options.sandbox, entries.length),
    {
      timeoutMs: options.timeout,
      intervalMs: options.interval,
      onCheck: (r) => {
        if (options.json || Date.now() - lastLine < 5_000 || r.missing.length === 0) return;
        lastLine = Date.now();
        io.err(`${r.found} of ${r.total} pushes in the sandbox, waiting…${readProblem(r)}`);
      },
    },
  );

  printReport(report, Date.now() - started, options, io);
  return report.missing.length === 0 ? 0 : 1;
}

function printReport(
  report: VerifyReport,
  elapsedMs: number,
  options: VerifyCommandOptions,
  io: CliIo,
): void {
  if (options.json) {
    io.out(JSON.stringify({ ...report, elapsedMs }));
    return;
  }
  const seconds = (elapsedMs / 1000).toFixed(1);
  if (report.missing.length === 0) {
    io.out(
      `verified  all ${report.total} acknowledged pushes reached the QT sandbox (${seconds} s)`,
    );
    return;
  }
  io.out(
    `MISSING   ${report.missing.length} of ${report.total} acknowledged pushes never reached the QT sandbox (waited ${seconds} s)${readProblem(report)}`,
  );
  for (const entry of report.missing) io.out(`  ${describeEntry(entry)}`);
}

function describeEntry(e: ManifestEntry): string {
  const what = e.event ? `${e.msgType}/${e.event}` : e.msgType;
  const id = e.msgId ? ` id ${e.msgId}` : '';
  return `${e.kind} (${what}) account ${e.appId} user ${e.openId} CreateTime ${e.createTime}${id}`;
}

function readProblem(report: VerifyReport): string {
  return report.readError ? ` (last read failed: ${report.readError})` : '';
}
