import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** One of the project's apps, started from the build as a child process. */
export interface AppProcess {
  name: string;
  baseUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

/** What {@link startAppProcess} needs. */
export interface AppProcessOptions {
  name: string;
  entry: string;
  port: number;
  env: Record<string, string>;
  logDir: string;
  readyTimeoutMs?: number;
  /** Flags for node itself, e.g. `--cpu-prof` for a benchmark's profile. */
  nodeArgs?: string[];
}

/**
 * Starts an app with its own environment, sends its output to a log file, and resolves once
 * its /health/ready answers 200, so that traffic is only sent to a stack that is ready.
 */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${options.name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.entry], {
    env: { ...process.env, ...options.env, PORT: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  const baseUrl = `http://127.0.0.1:${options.port}`;
  const app: AppProcess = { name: options.name, baseUrl, logFile, stop: () => stopChild(child) };
  try {
    await waitUntilReady(baseUrl, child, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await app.stop();
    throw new Error(`${options.name} did not become ready (see ${logFile})`, { cause: error });
  }
  return app;
}

async function waitUntilReady(
  baseUrl: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/health/ready`, {
        signal: AbortSignal.timeout(1_000),
      });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not ready within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(forced);
}
