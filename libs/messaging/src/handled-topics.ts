import type { MessageHandler } from '@nestjs/microservices';
import { MessagingError } from './messaging-errors';

/**
 * The topics a consumer subscribes to: exactly those with an event handler. A listed topic
 * without a handler, a request-response handler or no handler at all is a boot error, so
 * no record is ever committed without having been handled.
 */
export function topicsToSubscribe(
  handlers: Map<string, MessageHandler>,
  listed: readonly string[] = [],
): string[] {
  const patterns = [...handlers.entries()];
  const requests = patterns.filter(([, handler]) => !handler.isEventHandler).map(([p]) => p);
  if (requests.length > 0) {
    throw new MessagingError(
      'MESSAGING_NO_HANDLER',
      'Kafka topics take @EventPattern handlers only',
      {
        patterns: requests,
      },
    );
  }
  const topics = patterns.map(([pattern]) => pattern);
  const unhandled = listed.filter((topic) => !topics.includes(topic));
  if (unhandled.length > 0 || topics.length === 0) {
    throw new MessagingError('MESSAGING_NO_HANDLER', 'a topic to consume has no handler', {
      topics: unhandled,
    });
  }
  return topics;
}
