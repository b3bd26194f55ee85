import { CodedError } from '@oa-relay/observability';

/**
 * Stable codes of the QT client library. QT's own answers (`Httpapi_300_…`) are values in
 * QT_RESPONSE_CODES, not errors.
 * - `QT_REQUEST_FIELD_MISSING`: a request was built without ServiceID, ServiceSecret, appkey
 *   or AppID, a configuration mistake that no retry can fix.
 * - `QT_DELIVERY_ABORTED`: the caller aborted a delivery (shutdown) before QT answered.
 */
export type QtErrorCode = 'QT_REQUEST_FIELD_MISSING' | 'QT_DELIVERY_ABORTED';

const MESSAGES: Readonly<Record<QtErrorCode, string>> = {
  QT_REQUEST_FIELD_MISSING: 'a required QT request setting is empty',
  QT_DELIVERY_ABORTED: 'the delivery to QT was aborted before QT answered',
};

/** An error of the QT client library, with context in fields and never a secret. */
export class QtError extends CodedError<QtErrorCode> {
  constructor(code: QtErrorCode, fields: Readonly<Record<string, unknown>> = {}, cause?: unknown) {
    super(code, MESSAGES[code], fields, cause === undefined ? undefined : { cause });
  }
}
