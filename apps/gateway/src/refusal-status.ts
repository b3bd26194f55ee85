import type { WechatErrorCode } from '@oa-relay/wechat';

/** Refusals that say the request is not authentic or no longer fresh. */
const UNAUTHORIZED: ReadonlySet<WechatErrorCode> = new Set([
  'WECHAT_BAD_SIGNATURE',
  'WECHAT_BAD_MSG_SIGNATURE',
  'WECHAT_STALE_TIMESTAMP',
]);

/** Authentic requests that this account does not accept. */
const FORBIDDEN: ReadonlySet<WechatErrorCode> = new Set([
  'WECHAT_ENCRYPTION_REQUIRED',
  'WECHAT_APPID_MISMATCH',
]);

/** The HTTP status of a protocol refusal: 401, 403, 413, or 400 for a bad request. */
export function refusalStatus(code: WechatErrorCode): number {
  if (UNAUTHORIZED.has(code)) return 401;
  if (FORBIDDEN.has(code)) return 403;
  if (code === 'WECHAT_XML_TOO_LARGE') return 413;
  return 400;
}
