import type { AccountConfig } from '@oa-relay/config';
import { createTokenSource } from './access-token-client';
import type { FetchLike } from './http-json';
import { maskToken } from './mask-token';
import { TokenError } from './token-errors';

/** What QT's "Test" button would show for an account's token source. */
export type ProbeResult =
  | { found: true; source: string; masked: string; expiresInSec?: number; tokenPath?: string }
  | { found: false; source: string; code: string; message: string; tokenPath?: string };

/**
 * Fetches once from the account's configured source, bypassing every cache, and says whether
 * a token was found, masked. A credentials source costs one `stable_token` call (normal mode).
 */
export async function probeTokenSource(
  account: AccountConfig,
  options: { wechatApiBaseUrl: string; fetch?: FetchLike; requestTimeoutMs?: number },
): Promise<ProbeResult> {
  const config = account.accessToken;
  if (!config) {
    return {
      found: false,
      source: 'none',
      code: 'TOKEN_ACCOUNT_UNCONFIGURED',
      message: 'no accessToken configured',
    };
  }
  const described = config.type === 'central' ? { tokenPath: config.tokenPath } : {};
  const source = `${config.type}${config.type === 'central' ? ` ${new URL(config.url).origin}` : ''}`;

  try {
    const fetched = await createTokenSource(account.appId, config, options).fetch();
    return {
      found: true,
      source,
      masked: maskToken(fetched.token),
      expiresInSec: fetched.expiresInSec,
      ...described,
    };
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    return { found: false, source, code: error.code, message: error.message, ...described };
  }
}
