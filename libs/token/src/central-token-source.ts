import type { AccessTokenSourceConfig } from '@oa-relay/config';
import { JSONPath } from 'jsonpath-plus';
import { requestJson, type FetchLike } from './http-json';
import { TokenError } from './token-errors';
import type { FetchedToken, TokenSource } from './token-source';

type CentralConfig = Extract<AccessTokenSourceConfig, { type: 'central' }>;

/** Reads a token from a central control server, finding it with the configured JSONPath. */
export class CentralTokenSource implements TokenSource {
  readonly kind = 'central';

  constructor(
    private readonly appId: string,
    private readonly config: CentralConfig,
    private readonly fetchImpl: FetchLike,
    private readonly timeoutMs: number,
  ) {}

  async fetch(): Promise<FetchedToken> {
    const fields = { appId: this.appId, source: 'central' };
    const headers = { accept: 'application/json', ...this.config.headers };
    const answer = await requestJson(this.fetchImpl, this.config.url, { headers }, this.timeoutMs);

    if (answer.kind === 'unreachable') {
      throw new TokenError('TOKEN_SOURCE_UNREACHABLE', 'central server unreachable', {
        ...fields,
        reason: answer.reason,
      });
    }
    if (answer.status >= 500) {
      throw new TokenError('TOKEN_SOURCE_UNREACHABLE', 'central server failed', {
        ...fields,
        status: answer.status,
      });
    }
    if (answer.status >= 400) {
      throw new TokenError('TOKEN_SOURCE_HTTP_ERROR', 'central server refused the request', {
        ...fields,
        status: answer.status,
      });
    }
    if (answer.kind === 'not-json') {
      throw new TokenError('TOKEN_SOURCE_BAD_RESPONSE', 'central server did not answer JSON', {
        ...fields,
        status: answer.status,
      });
    }
    return extractToken(answer.body, this.config.tokenPath, this.config.expiresInPath, fields);
  }

  /** POSTs the rejected token to `reportUrl`, if configured; a failure only costs the hint. */
  async reportRejected(token: string): Promise<void> {
    if (!this.config.reportUrl) return;
    const headers = { 'content-type': 'application/json', ...this.config.headers };
    const body = JSON.stringify({ access_token: token });
    const init = { method: 'POST', headers, body };
    await requestJson(this.fetchImpl, this.config.reportUrl, init, this.timeoutMs);
  }
}

/**
 * Applies the JSONPaths to a central server's answer, as QT's console does. The error names
 * the JSONPath (configuration, not a secret) so a wrong path is obvious.
 */
export function extractToken(
  body: unknown,
  tokenPath: string,
  expiresInPath: string | undefined,
  fields: Readonly<Record<string, unknown>> = {},
): FetchedToken {
  const token = firstMatch(body, tokenPath);
  if (typeof token !== 'string' || token.length === 0) {
    throw new TokenError('TOKEN_PATH_NOT_FOUND', `JSONPath ${tokenPath} found no token`, {
      ...fields,
      tokenPath,
      found: describe(token),
    });
  }

  const expires = expiresInPath === undefined ? undefined : Number(firstMatch(body, expiresInPath));
  return Number.isFinite(expires) && (expires ?? 0) > 0
    ? { token, expiresInSec: expires }
    : { token };
}

function firstMatch(body: unknown, path: string): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  try {
    const matches: unknown = JSONPath({ path, json: body, wrap: true });
    return Array.isArray(matches) ? (matches[0] as unknown) : undefined;
  } catch {
    // jsonpath-plus throws on a malformed path; for the caller that is "found nothing".
    return undefined;
  }
}

// Says what kind of thing sat at the path, never the thing: it might be a token.
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'an empty string';
  return `a ${typeof value}`;
}
