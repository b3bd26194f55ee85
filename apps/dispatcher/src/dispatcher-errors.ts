import { PermanentError, RetriableError } from '@oa-relay/messaging';

/**
 * Stable codes of the dispatcher, never reused. QT's own answers (`Httpapi_300_1xx`) are
 * dead-letter codes as QT spells them, not entries of this catalogue.
 * - `DISPATCHER_BAD_ENVELOPE`: a wechat.enriched.v1 value without the fields delivery needs.
 * - `DISPATCHER_UNKNOWN_ACCOUNT`: the envelope's AppID is not in the accounts file.
 * - `DISPATCHER_QT_UNAVAILABLE`: QT (and the fallback) did not answer; retried, never dead-lettered.
 * - `DISPATCHER_MARKERS_UNAVAILABLE`: Redis could not say whether the event was delivered.
 */
export type DispatcherErrorCode =
  | 'DISPATCHER_BAD_ENVELOPE'
  | 'DISPATCHER_UNKNOWN_ACCOUNT'
  | 'DISPATCHER_QT_UNAVAILABLE'
  | 'DISPATCHER_MARKERS_UNAVAILABLE';

const MESSAGES: Readonly<Record<DispatcherErrorCode, string>> = {
  DISPATCHER_BAD_ENVELOPE: 'the enriched envelope lacks what delivery needs',
  DISPATCHER_UNKNOWN_ACCOUNT: 'the envelope names an account that is not configured',
  DISPATCHER_QT_UNAVAILABLE: 'Quick Tracking did not answer',
  DISPATCHER_MARKERS_UNAVAILABLE: 'the delivery markers in Redis could not be read',
};

/** A failure that retrying can fix (QT or Redis unwell): the consumer backs off and retries. */
export function dispatcherRetriable(
  code: 'DISPATCHER_QT_UNAVAILABLE' | 'DISPATCHER_MARKERS_UNAVAILABLE',
  fields: Readonly<Record<string, unknown>>,
  cause?: unknown,
): RetriableError<DispatcherErrorCode> {
  return new RetriableError(MESSAGES[code], fields, { code, cause });
}

/** A failure no retry can fix: the record goes to the dead-letter topic with this code. */
export function dispatcherPermanent(
  code: 'DISPATCHER_BAD_ENVELOPE' | 'DISPATCHER_UNKNOWN_ACCOUNT',
  fields: Readonly<Record<string, unknown>>,
): PermanentError<DispatcherErrorCode> {
  return new PermanentError(code, MESSAGES[code], fields);
}

/** QT refused the request with a code that resending cannot change: dead-lettered with it. */
export function qtRejection(
  code: string,
  message: string,
  fields: Readonly<Record<string, unknown>>,
): PermanentError {
  return new PermanentError(code, message || 'Quick Tracking refused the event', fields, {
    qt: { code, message },
  });
}
