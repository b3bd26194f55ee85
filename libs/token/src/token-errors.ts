import { CodedError } from '@oa-relay/observability';

/**
 * The token library's catalogue of stable error codes. `retriable` says whether trying again
 * later can succeed (infrastructure, WeChat busy or over quota) or not (wrong configuration).
 */
export const TOKEN_ERROR_CATALOGUE = {
  /** The appId has no `accessToken` source in the accounts file. */
  TOKEN_ACCOUNT_UNCONFIGURED: { retriable: false },
  /** The token source could not be reached, timed out, or answered 5xx. */
  TOKEN_SOURCE_UNREACHABLE: { retriable: true },
  /** The token source answered 4xx: wrong URL or headers. */
  TOKEN_SOURCE_HTTP_ERROR: { retriable: false },
  /** The token source answered something that is not JSON. */
  TOKEN_SOURCE_BAD_RESPONSE: { retriable: false },
  /** The configured JSONPath found no token (a non-empty string) in the central server's answer. */
  TOKEN_PATH_NOT_FOUND: { retriable: false },
  /** WeChat refused the credentials (40013 invalid appid, 40125 invalid secret, 40164 IP...). */
  TOKEN_CREDENTIALS_REJECTED: { retriable: false },
  /** WeChat answered -1: system busy. */
  TOKEN_WECHAT_BUSY: { retriable: true },
  /** WeChat answered 45009: the daily fetch quota is spent. */
  TOKEN_QUOTA_EXCEEDED: { retriable: true },
  /** Another replica held the fetch lock and no token appeared before the deadline. */
  TOKEN_WAIT_TIMEOUT: { retriable: true },
  /** Redis, which holds the cache and the lock, did not answer. */
  TOKEN_CACHE_UNAVAILABLE: { retriable: true },
  /** WeChat's user API could not be reached or timed out. */
  WECHAT_API_UNREACHABLE: { retriable: true },
  /** WeChat's user API answered -1: system busy. */
  WECHAT_API_BUSY: { retriable: true },
  /** WeChat's user API answered 45009 (or 45011): call quota or rate spent. */
  WECHAT_API_QUOTA_EXCEEDED: { retriable: true },
  /** The token was still rejected after it had been replaced once. */
  WECHAT_API_TOKEN_REJECTED: { retriable: true },
  /** WeChat's user API answered an errcode this library does not expect (48001, 40013...). */
  WECHAT_API_ERROR: { retriable: false },
  /** WeChat's user API answered a body of the wrong shape. */
  WECHAT_API_BAD_RESPONSE: { retriable: false },
} as const satisfies Record<string, { retriable: boolean }>;

/** A stable code of the token library. */
export type TokenErrorCode = keyof typeof TOKEN_ERROR_CATALOGUE;

/** Every failure of the token library: a stable code, whether a retry can help, context in fields. */
export class TokenError extends CodedError<TokenErrorCode> {
  readonly retriable: boolean;

  constructor(
    code: TokenErrorCode,
    message: string,
    fields: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, fields, options);
    this.retriable = TOKEN_ERROR_CATALOGUE[code].retriable;
  }
}

/** True for a TokenError whose code is in the catalogue (also after a JSON round trip). */
export function isTokenErrorCode(code: unknown): code is TokenErrorCode {
  return typeof code === 'string' && Object.hasOwn(TOKEN_ERROR_CATALOGUE, code);
}
