import {
  AccountRegistry,
  accountsEnv,
  loadAccountsFile,
  loadConfig,
  wechatApiEnv,
} from '@oa-relay/config';
import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { probeTokenSource, type ProbeResult } from '../probe-token-source';

/** The "Test" button of QT's console, on a terminal: fetch once and say what the JSONPath found. */
export async function runTokenTest(argv: readonly string[]): Promise<number> {
  const program = new Command('token-test')
    .description(
      "fetch an account's access_token from its configured source, as QT's Test button does",
    )
    .argument('<appId>', 'the account to test')
    .option('-a, --accounts <file>', 'accounts file (default: ACCOUNTS_FILE)')
    .option('--json', 'print the result as JSON')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    // Commander has printed the help or the usage error already: only its exit code is left.
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }

  const [appId] = program.args;
  const flags = program.opts<{ accounts?: string; json?: boolean }>();
  const env = loadConfig(z.object(wechatApiEnv));
  const accountsFile = flags.accounts ?? loadConfig(z.object(accountsEnv)).ACCOUNTS_FILE;
  const account = new AccountRegistry(loadAccountsFile(accountsFile)).find(appId);
  if (!account) {
    console.error(`no account ${appId} in ${accountsFile}`);
    return 2;
  }

  const result = await probeTokenSource(account, { wechatApiBaseUrl: env.WECHAT_API_BASE_URL });
  console.log(flags.json ? JSON.stringify(result) : describeResult(appId, result));
  return result.found ? 0 : 1;
}

/** The human-readable verdict. */
export function describeResult(appId: string, result: ProbeResult): string {
  const path = result.tokenPath ? ` with JSONPath ${result.tokenPath}` : '';
  if (result.found) {
    const lifetime =
      result.expiresInSec === undefined ? '' : `, expires in ${result.expiresInSec} s`;
    return `OK   ${appId}: ${result.source}${path} found token ${result.masked}${lifetime}`;
  }
  return `FAIL ${appId}: ${result.source}${path}: ${result.code}: ${result.message}`;
}

if (require.main === module) {
  runTokenTest(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : 'token-test failed');
      process.exit(2);
    },
  );
}
