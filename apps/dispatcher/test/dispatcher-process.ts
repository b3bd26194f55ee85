import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '@oa-relay/testing';
import { freePort } from '../../../scripts/local/local-services';

const run = promisify(execFile);
const repoRoot = join(__dirname, '..', '..', '..');
const entry = join(repoRoot, 'dist', 'apps', 'dispatcher', 'src', 'main.js');
const tsc = join(repoRoot, 'node_modules', '.bin');

/**
 * Compiles the dispatcher and the libraries it imports to dist/ (tsc, then tsc-alias), as
 * `npm run build` does for the whole repository, so that a spec runs today's sources.
 */
export async function buildDispatcher(): Promise<void> {
  const project = join(repoRoot, 'apps', 'dispatcher', 'tsconfig.app.json');
  await run(join(tsc, 'tsc'), ['-p', project], { cwd: repoRoot, timeout: 180_000 });
  await run(join(tsc, 'tsc-alias'), ['-p', project], { cwd: repoRoot, timeout: 60_000 });
}

/** A dispatcher running as a child process from dist/. */
export interface DispatcherProcess {
  url: string;
  logFile: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `node dist/apps/dispatcher/src/main.js` and resolves once /health/ready answers. */
export async function spawnDispatcher(env: Record<string, string>): Promise<DispatcherProcess> {
  const port = await freePort();
  const logFile = join(mkdtempSync(join(tmpdir(), 'dispatcher-log-')), 'dispatcher.log');
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;

  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`exited early, see ${logFile}`);
      return (await fetch(`${url}/health/ready`)).ok;
    },
    { timeoutMs: 30_000, intervalMs: 200, description: `dispatcher ready (log ${logFile})` },
  );
  return { url, logFile, child, exited };
}

/** Kills the child if it still runs; for afterEach. */
export async function killQuietly(process: DispatcherProcess | undefined): Promise<void> {
  if (!process || process.child.exitCode !== null || process.child.signalCode !== null) return;
  process.child.kill('SIGKILL');
  await process.exited;
}
