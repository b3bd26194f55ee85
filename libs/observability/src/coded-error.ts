/**
 * Base of every error the project defines: a stable, documented `code`, a message that names
 * no secret, and context in `fields` rather than interpolated into the message.
 */
export class CodedError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly fields: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True for an error that carries one of the project's stable codes. */
export function isCodedError(error: unknown): error is CodedError {
  return error instanceof CodedError;
}
