import { formatSummary, LoadStats, statusKey } from './load-stats';

describe(LoadStats.name, () => {
  describe('counts', () => {
    it('tells success from every other answer, by status', () => {
      const stats = new LoadStats();
      stats.record({ status: 200, body: 'success', latencyMs: 2 }, false);
      stats.record({ status: 200, body: 'success', latencyMs: 2 }, true);
      stats.record({ status: 200, body: '', latencyMs: 2 }, false);
      stats.record({ status: 503, body: '{"code":"X"}', latencyMs: 2 }, false);
      stats.record({ status: 503, body: '', latencyMs: 2 }, true);
      stats.record({ status: 'timeout', body: 'TimeoutError', latencyMs: 5000 }, false);

      expect(stats.summary(1000)).toMatchObject({
        sent: 6,
        retries: 2,
        success: 2,
        other: { '200 ""': 1, '503': 2, 'timeout (TimeoutError)': 1 },
        ratePerSecond: 6,
      });
    });

    it('reports zeros for a run that sent nothing', () => {
      expect(new LoadStats().summary(0)).toMatchObject({
        sent: 0,
        latencyMs: { p50: 0, p95: 0, p99: 0, max: 0 },
        ratePerSecond: 0,
      });
    });
  });

  describe('latency percentiles', () => {
    it('puts p50, p95 and p99 where the recorded latencies say', () => {
      const stats = new LoadStats();
      for (let ms = 1; ms <= 1000; ms++)
        stats.record({ status: 200, body: 'success', latencyMs: ms / 10 }, false);
      const { latencyMs } = stats.summary(2000);

      expect(latencyMs.p50).toBeCloseTo(50, 0);
      expect(latencyMs.p95).toBeCloseTo(95, 0);
      expect(latencyMs.p99).toBeCloseTo(99, 0);
      expect(latencyMs.max).toBeCloseTo(100, 0);
      expect(latencyMs.mean).toBeCloseTo(50.05, 0);
    });

    it('keeps sub-millisecond latencies apart', () => {
      const stats = new LoadStats();
      for (let i = 0; i < 99; i++)
        stats.record({ status: 200, body: 'success', latencyMs: 0.2 }, false);
      stats.record({ status: 200, body: 'success', latencyMs: 40 }, false);
      const { latencyMs } = stats.summary(1);

      expect(latencyMs.p50).toBeCloseTo(0.2, 2);
      expect(latencyMs.max).toBeCloseTo(40, 0);
    });
  });

  describe('formatting', () => {
    it('prints sent, success, each other status and the percentiles', () => {
      const stats = new LoadStats();
      stats.record({ status: 200, body: 'success', latencyMs: 3 }, false);
      stats.record({ status: 413, body: 'too large', latencyMs: 1 }, false);
      const text = formatSummary(stats.summary(500)).join('\n');

      expect(text).toContain('sent      2 (0 WeChat-style retries) in 0.5 s, 4/s');
      expect(text).toContain('success   1');
      expect(text).toContain('other     1 answered 413');
      expect(text).toMatch(/latency {3}p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms, max 3 ms/);
    });

    it('shows the body of a 200 that is not success, cut short', () => {
      expect(statusKey({ status: 200, body: 'x'.repeat(100), latencyMs: 1 })).toBe(
        `200 "${'x'.repeat(40)}"`,
      );
    });
  });
});
