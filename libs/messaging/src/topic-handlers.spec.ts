import type { MessageHandler } from '@nestjs/microservices';
import { TopicHandlers } from './topic-handlers';

function handler(): MessageHandler {
  return Object.assign(jest.fn(), { isEventHandler: true });
}

describe(TopicHandlers.name, () => {
  describe('lookup', () => {
    it('looks each topic up once, however many records ask for it', () => {
      const raw = handler();
      const enriched = handler();
      const lookup = jest.fn((topic: string) => (topic === 'raw' ? raw : enriched));

      const handlers = new TopicHandlers(['raw', 'enriched'], lookup);
      for (let i = 0; i < 1_000; i += 1) handlers.handlerOf(i % 2 === 0 ? 'raw' : 'enriched');

      expect(lookup).toHaveBeenCalledTimes(2);
      expect(handlers.handlerOf('raw')).toBe(raw);
      expect(handlers.handlerOf('enriched')).toBe(enriched);
    });

    it('has no handler for a topic it was not given or that has none', () => {
      const handlers = new TopicHandlers(['orphan'], () => null);

      expect(handlers.handlerOf('orphan')).toBeUndefined();
      expect(handlers.handlerOf('other')).toBeUndefined();
    });
  });
});
