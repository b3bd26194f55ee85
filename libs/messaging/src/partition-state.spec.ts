import { defaultMaxListeners, getMaxListeners } from 'node:events';
import { PartitionState } from './partition-state';

describe(PartitionState.name, () => {
  describe("the partition's abort signal", () => {
    // Every running record may wait on the signal once (a backoff or a probe turn), so Node's
    // default of 10 warned under ordinary load; more than one per record would be a leak.
    it('allows one listener per concurrently running record, and no more', () => {
      const state = new PartitionState('topic', 0, 128, 1_000);

      expect(getMaxListeners(state.abort.signal)).toBe(128);
    });

    it("keeps Node's default bound for a small concurrency", () => {
      const state = new PartitionState('topic', 0, 2, 1_000);

      expect(getMaxListeners(state.abort.signal)).toBe(defaultMaxListeners);
    });
  });
});
