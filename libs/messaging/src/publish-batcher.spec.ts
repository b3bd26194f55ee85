import { PublishBatcher } from './publish-batcher';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe(PublishBatcher.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  describe('grouping', () => {
    it('sends messages added within the linger window as one batch', async () => {
      const sent: number[][] = [];
      const batcher = new PublishBatcher<number>(
        { lingerMs: 5, maxBatchSize: 100, maxInFlight: 1 },
        (items) => Promise.resolve(void sent.push(items)),
      );

      const all = [1, 2, 3].map((n) => batcher.add(n).done);
      expect(sent).toEqual([]);
      await jest.advanceTimersByTimeAsync(5);
      await Promise.all(all);

      expect(sent).toEqual([[1, 2, 3]]);
    });

    it('sends a full batch at once without waiting for the linger', async () => {
      const sent: number[][] = [];
      const batcher = new PublishBatcher<number>(
        { lingerMs: 1_000, maxBatchSize: 2, maxInFlight: 2 },
        (items) => Promise.resolve(void sent.push(items)),
      );

      await Promise.all([batcher.add(1).done, batcher.add(2).done]);

      expect(sent).toEqual([[1, 2]]);
    });

    it('collects messages while a batch is in flight and sends them when it returns', async () => {
      const sent: number[][] = [];
      const first = deferred();
      const batcher = new PublishBatcher<number>(
        { lingerMs: 1, maxBatchSize: 100, maxInFlight: 1 },
        (items) => (sent.push(items) === 1 ? first.promise : Promise.resolve()),
      );

      const a = batcher.add(1).done;
      await jest.advanceTimersByTimeAsync(1);
      const rest = [2, 3, 4].map((n) => batcher.add(n).done);
      await jest.advanceTimersByTimeAsync(10);
      expect(sent).toEqual([[1]]);
      first.resolve();
      await Promise.all([a, ...rest]);

      expect(sent).toEqual([[1], [2, 3, 4]]);
    });
  });

  describe('outcomes', () => {
    it('rejects every message of a batch whose send failed', async () => {
      const batcher = new PublishBatcher<number>(
        { lingerMs: 1, maxBatchSize: 10, maxInFlight: 1 },
        () => Promise.reject(new Error('broker down')),
      );

      const results = Promise.allSettled([batcher.add(1).done, batcher.add(2).done]);
      await jest.advanceTimersByTimeAsync(1);

      expect((await results).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    });

    it('never sends a message abandoned before its batch left', async () => {
      const sent: number[][] = [];
      const batcher = new PublishBatcher<number>(
        { lingerMs: 5, maxBatchSize: 10, maxInFlight: 1 },
        (items) => Promise.resolve(void sent.push(items)),
      );

      batcher.add(1).abandon();
      const kept = batcher.add(2).done;
      await jest.advanceTimersByTimeAsync(5);
      await kept;

      expect(sent).toEqual([[2]]);
    });
  });
});
