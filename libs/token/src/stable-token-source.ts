import { requestJson, wechatErrcode, type FetchLike } from './http-json';
import { TokenError, type TokenErrorCode } from './token-errors';
import type { FetchedToken, TokenSource } from './token-source';

/** Errcodes of `cgi-bin/stable_token` that mean the configuration is wrong. */
const CREDENTIAL_ERRCODES = new Set([40001, 40002, 40013, 40125, 40164, 41002, 41004, 89503]);

/** Fetches a token straight from WeChat with appId and appSecret through `cgi-bin/stable_token`. */
export class StableTokenSource implements TokenSource {
  readonly kind = 'credentials';

  constructor(
    private readonly appId: string,
    private readonly appSecret: string,
    private readonly apiBaseUrl: string,
    private readonly fetchImpl: FetchLike,
    private readonly timeoutMs: number,
  ) {}

  /** Normal mode; `forceRefresh` only when the caller holds proof the token is bad. */
  async fetch(forceRefresh = false): Promise<FetchedToken> {
    const fields = { appId: this.appId, source: 'credentials' };
    const url = `${this.apiBaseUrl.replace(/\/+$/, '')}/cgi-bin/stable_token`;
    const body = JSON.stringify({
      grant_type: 'client_credential',
      appid: this.appId,
      secret: this.appSecret,
      force_refresh: forceRefresh,
    });
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
    const answer = await requestJson(this.fetchImpl, url, init, this.timeoutMs);

    if (answer.kind === 'unreachable' || answer.status >= 500) {
      const reason = answer.kind === 'unreachable' ? answer.reason : `status ${answer.status}`;
      throw new TokenError('TOKEN_SOURCE_UNREACHABLE', 'WeChat unreachable', { ...fields, reason });
    }
    if (answer.kind === 'not-json') {
      throw new TokenError('TOKEN_SOURCE_BAD_RESPONSE', 'WeChat did not answer JSON', {
        ...fields,
        status: answer.status,
      });
    }
    return parseTokenAnswer(answer.body, fields);
  }
}

/** Reads `{access_token, expires_in}` or maps WeChat's errcode to a stable code. */
export function parseTokenAnswer(
  body: unknown,
  fields: Readonly<Record<string, unknown>>,
): FetchedToken {
  const errcode = wechatErrcode(body);
  if (errcode !== 0) {
    throw new TokenError(tokenErrcodeCode(errcode), 'WeChat refused the token request', {
      ...fields,
      errcode,
    });
  }

  const { access_token: token, expires_in: expiresIn } = body as {
    access_token?: unknown;
    expires_in?: unknown;
  };
  if (typeof token !== 'string' || token.length === 0) {
    throw new TokenError('TOKEN_SOURCE_BAD_RESPONSE', 'WeChat answered without a token', fields);
  }
  return typeof expiresIn === 'number' ? { token, expiresInSec: expiresIn } : { token };
}

/** The stable code for an errcode of a token endpoint. */
export function tokenErrcodeCode(errcode: number): TokenErrorCode {
  if (errcode === -1) return 'TOKEN_WECHAT_BUSY';
  if (errcode === 45009 || errcode === 45011) return 'TOKEN_QUOTA_EXCEEDED';
  if (CREDENTIAL_ERRCODES.has(errcode)) return 'TOKEN_CREDENTIALS_REJECTED';
  return 'TOKEN_SOURCE_BAD_RESPONSE';
}
