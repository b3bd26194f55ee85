import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What the simulator reported. */
export interface TrafficOutcome {
  exitCode: number;
  output: string;
}

/**
 * Sends the shared sample pushes (or, without ../shared, generated pushes of every kind)
 * through the gateway exactly as WeChat signs them, writing a manifest of what was
 * acknowledged, then waits until the QT sandbox holds every acknowledged push.
 */
export async function sendAndVerify(options: {
  repoRoot: string;
  gatewayUrl: string;
  sandboxUrl: string;
  accountsFile: string;
  workDir: string;
}): Promise<{ send: TrafficOutcome; verify: TrafficOutcome }> {
  const cli = join(options.repoRoot, 'dist', 'apps', 'simulator', 'src', 'cli.js');
  const manifest = join(options.workDir, 'acknowledged.jsonl');
  const samples = join(options.repoRoot, '..', 'shared', 'samples', 'pushes');
  const what = existsSync(samples)
    ? ['--samples', samples]
    : ['--mix', 'uniform', '--count', '120', '--users', '20'];

  const send = await simulator(cli, [
    'send',
    ...what,
    '--gateway',
    options.gatewayUrl,
    '--accounts',
    options.accountsFile,
    '--manifest',
    manifest,
  ]);
  const verify = await simulator(cli, [
    'verify',
    '--sandbox',
    options.sandboxUrl,
    '--manifest',
    manifest,
  ]);
  return { send, verify };
}

async function simulator(cli: string, args: string[]): Promise<TrafficOutcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { exitCode: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}
