import { getEventListeners } from 'node:events';
import { ProbeGate } from './probe-gate';

function newGate(threshold: number) {
  const events: string[] = [];
  const gate = new ProbeGate(threshold, {
    onPause: () => events.push('pause'),
    onResume: () => events.push('resume'),
  });
  return { gate, events };
}

describe(ProbeGate.name, () => {
  const signal = new AbortController().signal;

  describe('entering and leaving probing', () => {
    it('pauses after the threshold of consecutive retriable failures and resumes on an answer', () => {
      const { gate, events } = newGate(3);

      gate.recordRetriable();
      gate.recordRetriable();
      expect(gate.isProbing).toBe(false);
      gate.recordRetriable();
      expect(gate.isProbing).toBe(true);
      gate.recordRetriable();
      gate.recordAnswer();

      expect(gate.isProbing).toBe(false);
      expect(events).toEqual(['pause', 'resume']);
    });

    it('never pauses with a threshold of 0', () => {
      const { gate, events } = newGate(0);

      for (let i = 0; i < 100; i += 1) gate.recordRetriable();

      expect(gate.isProbing).toBe(false);
      expect(events).toEqual([]);
    });

    it('counts only consecutive failures', () => {
      const { gate } = newGate(3);

      gate.recordRetriable();
      gate.recordRetriable();
      gate.recordAnswer();
      gate.recordRetriable();

      expect(gate.isProbing).toBe(false);
      expect(gate.consecutiveFailures).toBe(1);
    });
  });

  describe('slots', () => {
    it('lets every attempt through outside probing', async () => {
      const { gate } = newGate(1);

      const slots = await Promise.all([gate.acquire(signal), gate.acquire(signal)]);

      expect(slots.map((s) => s?.probe)).toEqual([false, false]);
    });

    it('lets one probe run at a time while probing, and everyone once it ends', async () => {
      const { gate } = newGate(1);
      gate.recordRetriable();

      const probe = await gate.acquire(signal);
      let second: unknown;
      const waiting = gate.acquire(signal).then((slot) => (second = slot));
      await Promise.resolve();
      expect(probe?.probe).toBe(true);
      expect(second).toBeUndefined();

      gate.recordAnswer();
      probe?.release();
      await waiting;
      expect(second).toEqual(expect.objectContaining({ probe: false }));
    });

    it('leaves no abort listener on the signal once waiters are woken', async () => {
      const { gate } = newGate(1);
      const partition = new AbortController().signal;
      gate.recordRetriable();
      const probe = await gate.acquire(partition);

      const waiting = Array.from({ length: 10 }, () => gate.acquire(partition));
      await Promise.resolve();
      expect(getEventListeners(partition, 'abort')).toHaveLength(10);
      gate.recordAnswer();
      probe?.release();
      await Promise.all(waiting);

      expect(getEventListeners(partition, 'abort')).toHaveLength(0);
    });

    it('leaves no abort listener behind a probe handed from waiter to waiter', async () => {
      const { gate } = newGate(1);
      const partition = new AbortController().signal;
      gate.recordRetriable();
      let slot = await gate.acquire(partition);

      const waiting = Array.from({ length: 5 }, () => gate.acquire(partition));
      for (const next of waiting) {
        slot?.release();
        slot = await next;
        expect(slot?.probe).toBe(true);
      }
      slot?.release();

      expect(getEventListeners(partition, 'abort')).toHaveLength(0);
    });

    it('hands the probe to the next waiter when the one before it was aborted', async () => {
      const { gate } = newGate(1);
      gate.recordRetriable();
      const probe = await gate.acquire(signal);
      const aborted = new AbortController();
      const first = gate.acquire(aborted.signal);
      const second = gate.acquire(signal);
      await Promise.resolve();

      aborted.abort();
      await expect(first).resolves.toBeUndefined();
      probe?.release();

      await expect(second).resolves.toEqual(expect.objectContaining({ probe: true }));
    });

    it('gives up waiting when the signal aborts', async () => {
      const { gate } = newGate(1);
      gate.recordRetriable();
      await gate.acquire(signal);
      const abort = new AbortController();

      const waiting = gate.acquire(abort.signal);
      abort.abort();

      await expect(waiting).resolves.toBeUndefined();
    });
  });
});
