import { CommanderError } from 'commander';
import { buildDlqCommand } from './dlq.command';

// Entry point: `node dist/libs/messaging/src/cli/dlq.js list|replay --brokers …`.
buildDlqCommand({ line: (text) => console.log(text), progress: process.stdout.isTTY })
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (!(error instanceof CommanderError)) {
      console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    }
    process.exitCode = error instanceof CommanderError ? error.exitCode : 1;
  });
