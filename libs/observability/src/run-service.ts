import { isCodedError } from './coded-error';

/**
 * Runs a service's entry point. A failure to start (a bad setting, an unreadable accounts file,
 * a port in use) ends the process with exit code 1 and one line naming the error's code,
 * instead of an unhandled rejection and its stack trace.
 */
export async function runService(service: string, start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (error) {
    const line = isCodedError(error)
      ? `${service}: ${error.code}: ${error.message}`
      : `${service}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    // Exit now: whatever did start (a Kafka connection, a timer) must not keep a broken service up.
    process.stderr.write(`${line}\n`, () => process.exit(1));
  }
}
