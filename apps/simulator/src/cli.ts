import { Command } from 'commander';
import { isCodedError } from '@oa-relay/observability';
import { processIo, type CliIo } from './cli/cli-io';
import { addTrafficOptions, runTraffic, type TrafficOptions } from './cli/traffic.command';
import { addVerifyOptions, runVerify, type VerifyCommandOptions } from './cli/verify.command';
import { PUSH_KINDS } from './pushes/push-kinds';

/** The `oa-relay-sim` program: send, load, verify and kinds. */
export function buildProgram(io: CliIo, exit: (code: number) => void): Command {
  const program = new Command('oa-relay-sim')
    .description(
      'Sends WeChat Official Account pushes to an oa-relay gateway exactly as WeChat does, under load if asked, and checks that they reach the QT sandbox.',
    )
    .showHelpAfterError();

  addTrafficOptions(
    program
      .command('send')
      .description(
        'send the samples (--samples) or --count generated pushes, one after another, printing each answer; exits 1 unless every push was answered success',
      ),
  ).action(async (options: TrafficOptions) => exit(await runTraffic('send', options, io)));

  addTrafficOptions(
    program
      .command('load')
      .description(
        'send generated pushes at a --rate or --concurrency for a --duration (default 10s) or --count, then print sent, success, other answers by status and latency p50/p95/p99; exits 1 unless every push was answered success',
      ),
  ).action(async (options: TrafficOptions) => exit(await runTraffic('load', options, io)));

  addVerifyOptions(
    program
      .command('verify')
      .description(
        'wait until the QT sandbox holds every push of a manifest; exits 1 listing those that never arrived, 2 when the manifest cannot be read',
      ),
  ).action(async (options: VerifyCommandOptions) => exit(await runVerify(options, io)));

  program
    .command('kinds')
    .description('list the push kinds the generator knows (names for --mix)')
    .action(() => {
      for (const kind of PUSH_KINDS)
        io.out(`${kind.name.padEnd(36)} ${kind.msgType}${kind.event ? `/${kind.event}` : ''}`);
      exit(0);
    });
  return program;
}

/** Runs the program; a coded error (bad option, unknown account, …) exits 2 with its code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let code = 0;
  try {
    await buildProgram(io, (c) => (code = c)).parseAsync([...argv]);
  } catch (error) {
    if (!isCodedError(error)) throw error;
    io.err(`oa-relay-sim: ${error.code}: ${error.message}`);
    if (Object.keys(error.fields).length > 0) io.err(`  ${JSON.stringify(error.fields)}`);
    code = 2;
  }
  return code;
}

if (require.main === module) {
  main(process.argv).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 3;
    },
  );
}
