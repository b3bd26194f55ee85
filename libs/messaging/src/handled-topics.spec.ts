import type { MessageHandler } from '@nestjs/microservices';
import { topicsToSubscribe } from './handled-topics';

function handlers(entries: [string, boolean][]): Map<string, MessageHandler> {
  return new Map(
    entries.map(([pattern, isEventHandler]) => {
      const handler = (() => Promise.resolve()) as unknown as MessageHandler;
      handler.isEventHandler = isEventHandler;
      return [pattern, handler];
    }),
  );
}

describe('topicsToSubscribe', () => {
  it('subscribes to exactly the topics that have event handlers', () => {
    expect(
      topicsToSubscribe(
        handlers([
          ['a.v1', true],
          ['b.v1', true],
        ]),
        ['a.v1'],
      ),
    ).toEqual(['a.v1', 'b.v1']);
  });

  it('refuses a listed topic without a handler', () => {
    expect(() => topicsToSubscribe(handlers([['a.v1', true]]), ['a.v1', 'c.v1'])).toThrow(
      expect.objectContaining({ code: 'MESSAGING_NO_HANDLER', fields: { topics: ['c.v1'] } }),
    );
  });

  it('refuses request-response handlers and an empty handler set', () => {
    expect(() => topicsToSubscribe(handlers([['a.v1', false]]))).toThrow(
      expect.objectContaining({ code: 'MESSAGING_NO_HANDLER' }),
    );
    expect(() => topicsToSubscribe(handlers([]))).toThrow(
      expect.objectContaining({ code: 'MESSAGING_NO_HANDLER' }),
    );
  });
});
