import { LookupCoalescer } from './lookup-coalescer';

function recordingRunner(answer: (key: string) => string | undefined = (key) => `v-${key}`) {
  const batches: string[][] = [];
  const run = (keys: string[]) => {
    batches.push([...keys]);
    const map = new Map<string, string>();
    for (const key of keys) {
      const value = answer(key);
      if (value !== undefined) map.set(key, value);
    }
    return Promise.resolve(map);
  };
  return { batches, run };
}

describe(LookupCoalescer.name, () => {
  describe('batching', () => {
    it('sends keys asked within the window as one batch', async () => {
      const { batches, run } = recordingRunner();
      const coalescer = new LookupCoalescer({ windowMs: 20, maxBatchSize: 100 }, run);

      const answers = await Promise.all(['a', 'b', 'c'].map((k) => coalescer.lookup(k)));

      expect(answers).toEqual(['v-a', 'v-b', 'v-c']);
      expect(batches).toEqual([['a', 'b', 'c']]);
    });

    it('sends a full batch at once and starts a new one for the rest', async () => {
      const { batches, run } = recordingRunner();
      const coalescer = new LookupCoalescer({ windowMs: 60_000, maxBatchSize: 3 }, run);

      const full = ['a', 'b', 'c'].map((k) => coalescer.lookup(k));
      await Promise.all(full);
      const rest = coalescer.lookup('d');
      coalescer.flush();

      await expect(rest).resolves.toBe('v-d');
      expect(batches).toEqual([['a', 'b', 'c'], ['d']]);
    });

    it('asks once for a key requested twice, queued or in flight', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const batches: string[][] = [];
      const coalescer = new LookupCoalescer<string>(
        { windowMs: 1, maxBatchSize: 2 },
        async (keys) => {
          batches.push(keys);
          await gate;
          return new Map(keys.map((k) => [k, k.toUpperCase()]));
        },
      );

      const first = coalescer.lookup('a');
      const again = coalescer.lookup('a');
      const other = coalescer.lookup('b');
      const whileFlying = coalescer.lookup('a');
      release();

      expect(await Promise.all([first, again, other, whileFlying])).toEqual(['A', 'A', 'B', 'A']);
      expect(batches).toEqual([['a', 'b']]);
    });
  });

  describe('while a batch is in flight', () => {
    function gatedRunner() {
      const batches: string[][] = [];
      const gates: Array<() => void> = [];
      const run = async (keys: string[]) => {
        batches.push([...keys]);
        await new Promise<void>((resolve) => gates.push(resolve));
        return new Map(keys.map((k) => [k, k.toUpperCase()]));
      };
      return { batches, run, answerNext: () => gates.shift()?.() };
    }

    it('holds a partial batch past its window until the batch in flight answers', async () => {
      const { batches, run, answerNext } = gatedRunner();
      const coalescer = new LookupCoalescer({ windowMs: 1, maxBatchSize: 2 }, run);

      const first = [coalescer.lookup('a'), coalescer.lookup('b')];
      const held = coalescer.lookup('c');
      await new Promise((resolve) => setTimeout(resolve, 20));
      const late = coalescer.lookup('d');

      expect(batches).toEqual([
        ['a', 'b'],
        ['c', 'd'],
      ]);
      answerNext();
      answerNext();
      expect(await Promise.all([...first, held, late])).toEqual(['A', 'B', 'C', 'D']);
    });

    it('sends the held partial batch as soon as the batch in flight answers', async () => {
      const { batches, run, answerNext } = gatedRunner();
      const coalescer = new LookupCoalescer({ windowMs: 1, maxBatchSize: 3 }, run);

      const full = ['a', 'b', 'c'].map((k) => coalescer.lookup(k));
      const held = coalescer.lookup('d');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(batches).toEqual([['a', 'b', 'c']]);

      answerNext();
      await Promise.all(full);
      await waitUntil(() => batches.length === 2);
      answerNext();

      await expect(held).resolves.toBe('D');
      expect(batches).toEqual([['a', 'b', 'c'], ['d']]);
    });
  });

  describe('failures', () => {
    it('rejects every waiter of a failed batch and asks again afterwards', async () => {
      let fail = true;
      const coalescer = new LookupCoalescer<string>({ windowMs: 1, maxBatchSize: 10 }, (keys) =>
        fail
          ? Promise.reject(new Error('busy'))
          : Promise.resolve(new Map(keys.map((k) => [k, 'ok']))),
      );

      const failed = await Promise.allSettled([coalescer.lookup('a'), coalescer.lookup('b')]);
      fail = false;

      expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      await expect(coalescer.lookup('a')).resolves.toBe('ok');
    });

    it('rejects only the key the batch left unanswered', async () => {
      const { run } = recordingRunner((key) => (key === 'lost' ? undefined : key));
      const coalescer = new LookupCoalescer(
        { windowMs: 1, maxBatchSize: 10 },
        run,
        (key) => new Error(`no answer for ${key}`),
      );

      const [kept, lost] = await Promise.allSettled([
        coalescer.lookup('kept'),
        coalescer.lookup('lost'),
      ]);

      expect(kept).toEqual({ status: 'fulfilled', value: 'kept' });
      expect(lost).toMatchObject({ status: 'rejected', reason: { message: 'no answer for lost' } });
    });
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
