import { CodedError } from '@oa-relay/observability';

/**
 * Stable codes of the QT sandbox.
 * - `QT_SANDBOX_BAD_ADMIN_REQUEST`: an admin request whose body is not valid fault switches.
 * - `QT_SANDBOX_BAD_QUERY`: a GET /events filter that is not a number where one is expected.
 */
export type QtSandboxErrorCode = 'QT_SANDBOX_BAD_ADMIN_REQUEST' | 'QT_SANDBOX_BAD_QUERY';

const MESSAGES: Readonly<Record<QtSandboxErrorCode, string>> = {
  QT_SANDBOX_BAD_ADMIN_REQUEST: 'the body is not valid fault switches',
  QT_SANDBOX_BAD_QUERY: 'a filter of GET /events is invalid',
};

/** An error of the QT sandbox, answered as 400 with its code. */
export class QtSandboxError extends CodedError<QtSandboxErrorCode> {
  constructor(code: QtSandboxErrorCode, fields: Readonly<Record<string, unknown>> = {}) {
    super(code, MESSAGES[code], fields);
  }
}
