import { CodedError } from '@oa-relay/observability';
import { noteClassifiedError } from './handler-scope';

/**
 * Stable codes of the messaging library, never reused:
 * - `MESSAGING_PUBLISH_TIMEOUT`: no broker ack before the caller's deadline.
 * - `MESSAGING_BROKER_UNAVAILABLE`: no broker could be reached (connect or produce gave up).
 * - `MESSAGING_PUBLISH_FAILED`: the broker refused the produce request for another reason.
 * - `MESSAGING_PUBLISHER_CLOSED`: publish called after the publisher was shut down.
 * - `MESSAGING_BAD_VALUE`: a value that cannot be serialized for Kafka.
 * - `MESSAGING_TOPIC_SETUP_FAILED`: topics could not be created or have no leader in time.
 * - `MESSAGING_NO_HANDLER`: a consumer was told to read a topic that no handler serves.
 * - `MESSAGING_BAD_JSON`: a consumed value is not JSON (dead-lettered, never handled).
 * - `MESSAGING_RETRIABLE`: default code of a {@link RetriableError}.
 * - `INTERNAL_ERROR`: a handler failed with an unexpected error (a bug) too many times.
 */
export type MessagingErrorCode =
  | 'MESSAGING_PUBLISH_TIMEOUT'
  | 'MESSAGING_BROKER_UNAVAILABLE'
  | 'MESSAGING_PUBLISH_FAILED'
  | 'MESSAGING_PUBLISHER_CLOSED'
  | 'MESSAGING_BAD_VALUE'
  | 'MESSAGING_TOPIC_SETUP_FAILED'
  | 'MESSAGING_NO_HANDLER'
  | 'MESSAGING_BAD_JSON'
  | 'MESSAGING_RETRIABLE'
  | 'INTERNAL_ERROR';

/** A failure of the messaging library itself (publishing, topic setup, consumer boot). */
export class MessagingError extends CodedError<MessagingErrorCode> {}

/**
 * Thrown by a Kafka handler when infrastructure failed (broker, Redis, network, QT 5xx):
 * the record is retried with capped exponential backoff until it succeeds, in key order.
 */
export class RetriableError<C extends string = string> extends CodedError<
  C | 'MESSAGING_RETRIABLE'
> {
  constructor(
    message: string,
    fields: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown; code?: C },
  ) {
    super(options?.code ?? 'MESSAGING_RETRIABLE', message, fields, options);
    noteClassifiedError(this);
  }
}

/**
 * Thrown by a Kafka handler when retrying can never help (bad payload, permanent QT code):
 * the record goes to the dead-letter topic with this code and its payload, then is committed.
 */
export class PermanentError<C extends string = string> extends CodedError<C> {
  /** QT's answer, when the dispatcher gives up on a QT response code. */
  readonly qt?: { code: string; message: string };

  constructor(
    code: C,
    message: string,
    fields: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown; qt?: { code: string; message: string } },
  ) {
    super(code, message, fields, options);
    this.qt = options?.qt;
    noteClassifiedError(this);
  }
}
