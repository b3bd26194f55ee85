import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigError, describeIssue } from './config-error';
import { accountsFileSchema, type AccountConfig } from './accounts.schema';
import { deepFreeze, type Env } from './load-config';

/** Reads and validates the accounts file; every problem is reported, by name, together. */
export function loadAccountsFile(path: string, env: Env = process.env): readonly AccountConfig[] {
  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    // The error's code (ENOENT, EACCES, or YAML's BAD_INDENT …) says why without quoting the
    // file, whose lines may hold secrets.
    const code = (error as { code?: unknown } | undefined)?.code;
    const reason =
      typeof code === 'string' ? code : error instanceof Error ? error.name : 'unreadable';
    throw new ConfigError('CONFIG_ACCOUNTS_UNREADABLE', [`cannot read the file (${reason})`], path);
  }
  return parseAccounts(document, env, path);
}

/** Validates an already parsed accounts document. */
export function parseAccounts(
  document: unknown,
  env: Env,
  source = 'accounts',
): readonly AccountConfig[] {
  const result = accountsFileSchema(env).safeParse(document);
  if (!result.success) {
    throw new ConfigError('CONFIG_INVALID', result.error.issues.map(describeIssue), source);
  }
  return deepFreeze(result.data.accounts);
}

/** The configured accounts, looked up by AppID. */
export class AccountRegistry {
  private readonly byAppId: ReadonlyMap<string, AccountConfig>;

  constructor(readonly accounts: readonly AccountConfig[]) {
    this.byAppId = new Map(accounts.map((a) => [a.appId, a]));
  }

  /** The account with this AppID, or undefined when none is configured. */
  find(appId: string): AccountConfig | undefined {
    return this.byAppId.get(appId);
  }

  all(): readonly AccountConfig[] {
    return this.accounts;
  }
}
