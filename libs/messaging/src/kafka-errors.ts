import { isCodedError } from '@oa-relay/observability';
import { MessagingError } from './messaging-errors';

const UNREACHABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSLockTimeout',
]);

/** True when `error`, or an error it was caused by, means no broker answered. */
export function isBrokerUnreachable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth += 1) {
    if (UNREACHABLE.has(e.name)) return true;
    e = e.cause;
  }
  return false;
}

/** Turns whatever kafkajs threw while producing into one of the library's coded errors. */
export function toPublishError(error: unknown, topic: string): MessagingError {
  if (isCodedError(error) && error instanceof MessagingError) return error;
  const kafkaType = (error as { type?: unknown } | undefined)?.type;
  if (isBrokerUnreachable(error)) {
    return new MessagingError(
      'MESSAGING_BROKER_UNAVAILABLE',
      'no Kafka broker answered',
      { topic },
      { cause: error },
    );
  }
  return new MessagingError(
    'MESSAGING_PUBLISH_FAILED',
    'the broker refused the produce request',
    { topic, kafkaType: typeof kafkaType === 'string' ? kafkaType : undefined },
    { cause: error },
  );
}
