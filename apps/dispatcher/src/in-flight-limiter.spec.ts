import { InFlightLimiter } from './in-flight-limiter';

describe(InFlightLimiter.name, () => {
  it('never runs more than the limit at once and runs everything in arrival order', async () => {
    const limiter = new InFlightLimiter(3);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];

    const all = Array.from({ length: 10 }, (_, i) =>
      limiter.run(async () => {
        started.push(i);
        peak = Math.max(peak, ++running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        return i;
      }),
    );
    while (started.length < 10) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    releases.forEach((release) => release());

    expect(await Promise.all(all)).toEqual([...Array(10).keys()]);
    expect(peak).toBe(3);
    expect(started).toEqual([...Array(10).keys()]);
    expect(limiter.inFlight).toBe(0);
  });

  it('frees the slot of work that failed', async () => {
    const limiter = new InFlightLimiter(1);

    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(() => Promise.resolve('next'))).toBe('next');
  });
});
