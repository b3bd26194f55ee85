import { CommitTracker } from './commit-tracker';

describe(CommitTracker.name, () => {
  describe('committable offset', () => {
    it('is undefined until the first admitted record completes', () => {
      const tracker = new CommitTracker();
      tracker.admit('10');
      tracker.admit('11');
      tracker.complete('11');

      expect(tracker.committable()).toBeUndefined();
    });

    it('never passes an offset that has not completed', () => {
      const tracker = new CommitTracker();
      ['5', '6', '7', '8'].forEach((o) => tracker.admit(o));

      tracker.complete('5');
      tracker.complete('7');
      tracker.complete('8');
      expect(tracker.committable()).toBe('6');

      tracker.complete('6');
      expect(tracker.committable()).toBe('9');
      expect(tracker.pending).toBe(0);
    });

    it('skips offset gaps (compacted or control records) once the records around them complete', () => {
      const tracker = new CommitTracker();
      tracker.admit('1');
      tracker.admit('4');
      tracker.complete('4');
      tracker.complete('1');

      expect(tracker.committable()).toBe('5');
    });

    it('handles offsets beyond 2^53', () => {
      const tracker = new CommitTracker();
      tracker.admit('9007199254740993');
      tracker.complete('9007199254740993');

      expect(tracker.committable()).toBe('9007199254740994');
    });
  });

  describe('redelivery', () => {
    it('recognizes offsets admitted before and refuses out-of-order admission', () => {
      const tracker = new CommitTracker();
      tracker.admit('3');
      tracker.admit('4');

      expect(tracker.seen('3')).toBe(true);
      expect(tracker.seen('5')).toBe(false);
      expect(() => tracker.admit('4')).toThrow(RangeError);
    });

    it('ignores completion of an offset it never admitted', () => {
      const tracker = new CommitTracker();
      tracker.admit('1');
      tracker.complete('0');

      expect(tracker.committable()).toBeUndefined();
      expect(tracker.pending).toBe(1);
    });
  });
});
