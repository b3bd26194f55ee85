import { PermanentError, RetriableError } from '@oa-relay/messaging';

/**
 * The enricher's own stable codes, never reused. Parse failures keep `@oa-relay/wechat`'s
 * codes (`WECHAT_XML_MALFORMED`, `WECHAT_PUSH_INVALID`, …) and token failures the token
 * library's (`WECHAT_API_BUSY`, …).
 */
export const ENRICHER_ERROR_CODES = {
  /** The record is JSON but not a `wechat.raw.v1` envelope. Dead-lettered. */
  ENRICHER_BAD_ENVELOPE: 'the record is not a wechat.raw.v1 envelope',
  /** The envelope's AppID is not in this enricher's accounts file. Dead-lettered. */
  ENRICHER_UNKNOWN_ACCOUNT: 'the envelope names an account this enricher does not serve',
  /** The push's FromUserName differs from the envelope's openId (and so its key). Dead-lettered. */
  ENRICHER_SENDER_MISMATCH: 'the push sender is not the envelope openId',
  /** Redis did not answer a unionid cache command. Retried. */
  ENRICHER_CACHE_UNAVAILABLE: 'the unionid cache did not answer',
} as const;

/** A stable code of the enricher. */
export type EnricherErrorCode = keyof typeof ENRICHER_ERROR_CODES;

/** A record that can never be enriched: it goes to the dead-letter topic with this code. */
export function enricherPermanent(
  code: EnricherErrorCode,
  fields: Readonly<Record<string, unknown>> = {},
): PermanentError<EnricherErrorCode> {
  return new PermanentError(code, ENRICHER_ERROR_CODES[code], fields);
}

/** Infrastructure trouble of the enricher's own: the record is retried with backoff. */
export function enricherRetriable(
  code: EnricherErrorCode,
  fields: Readonly<Record<string, unknown>> = {},
  cause?: unknown,
): RetriableError<EnricherErrorCode> {
  return new RetriableError(ENRICHER_ERROR_CODES[code], fields, { code, cause });
}
