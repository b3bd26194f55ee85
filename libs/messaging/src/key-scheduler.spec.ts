import fc from 'fast-check';
import { KeyScheduler } from './key-scheduler';

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe(KeyScheduler.name, () => {
  describe('ordering', () => {
    it('runs tasks of one key in arrival order, never two at once', async () => {
      const scheduler = new KeyScheduler(8);
      const log: string[] = [];
      const first = gate();
      scheduler.schedule('a', async () => {
        log.push('a1 start');
        await first.promise;
        log.push('a1 end');
      });
      scheduler.schedule('a', () => Promise.resolve(void log.push('a2')));

      expect(log).toEqual(['a1 start']);
      first.open();
      await scheduler.idle();

      expect(log).toEqual(['a1 start', 'a1 end', 'a2']);
    });

    it('lets other keys run while one key is slow', async () => {
      const scheduler = new KeyScheduler(2);
      const slow = gate();
      const done: string[] = [];
      scheduler.schedule('slow', async () => {
        await slow.promise;
        done.push('slow');
      });
      ['b', 'c', 'd'].forEach((k) =>
        scheduler.schedule(k, () => Promise.resolve(void done.push(k))),
      );

      await new Promise((resolve) => setImmediate(resolve));
      expect(done).toEqual(['b', 'c', 'd']);
      slow.open();
      await scheduler.idle();
      expect(done).toEqual(['b', 'c', 'd', 'slow']);
    });

    it('keeps per-key order and the concurrency bound for any interleaving', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', null), fc.nat(3)), {
            maxLength: 40,
          }),
          fc.integer({ min: 1, max: 4 }),
          async (tasks, concurrency) => {
            const scheduler = new KeyScheduler(concurrency);
            const seen = new Map<string, number[]>();
            let running = 0;
            let peak = 0;
            tasks.forEach(([key, ticks], index) =>
              scheduler.schedule(key, async () => {
                peak = Math.max(peak, ++running);
                for (let i = 0; i < ticks; i += 1) await Promise.resolve();
                if (key) seen.set(key, [...(seen.get(key) ?? []), index]);
                running -= 1;
              }),
            );
            await scheduler.idle();

            expect(peak).toBeLessThanOrEqual(concurrency);
            for (const order of seen.values())
              expect(order).toEqual([...order].sort((x, y) => x - y));
            expect(scheduler.size).toBe(0);
          },
        ),
      );
    });
  });

  describe('stopping', () => {
    it('drops tasks that have not started and waits only for running ones', async () => {
      const scheduler = new KeyScheduler(1);
      const running = gate();
      const ran: string[] = [];
      scheduler.schedule('a', async () => {
        await running.promise;
        ran.push('a1');
      });
      scheduler.schedule('a', () => Promise.resolve(void ran.push('a2')));
      scheduler.schedule('b', () => Promise.resolve(void ran.push('b1')));

      scheduler.stop();
      const idle = scheduler.idle();
      running.open();
      await idle;

      expect(ran).toEqual(['a1']);
      expect(scheduler.size).toBe(0);
    });
  });
});
