import { build, type Histogram } from 'hdr-histogram-js';
import { isAcknowledged, type SendOutcome } from '../wire/http-sender';

/** The end-of-run summary: what was sent, how the gateway answered, how fast. */
export interface LoadSummary {
  /** Requests sent, WeChat-style retries included. */
  sent: number;
  /** Of those, resends of an earlier push (same query, same body). */
  retries: number;
  /** Answered 200 `success`. */
  success: number;
  /** Every other answer, by status (`200 <body>` for a 200 that is not `success`). */
  other: Record<string, number>;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  elapsedMs: number;
  /** Requests answered per second over the run. */
  ratePerSecond: number;
}

/** Accumulates outcomes; latencies go into an HDR histogram in microseconds. */
export class LoadStats {
  private sent = 0;
  private retries = 0;
  private success = 0;
  private readonly other = new Map<string, number>();
  private readonly histogram: Histogram = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });

  /** Counts one answered (or failed) request. */
  record(outcome: SendOutcome, retry: boolean): void {
    this.sent++;
    if (retry) this.retries++;
    this.histogram.recordValue(Math.max(1, Math.round(outcome.latencyMs * 1000)));
    if (isAcknowledged(outcome)) {
      this.success++;
      return;
    }
    const key = statusKey(outcome);
    this.other.set(key, (this.other.get(key) ?? 0) + 1);
  }

  /** Requests counted so far. */
  get count(): number {
    return this.sent;
  }

  /** The summary after `elapsedMs` of running. */
  summary(elapsedMs: number): LoadSummary {
    const ms = (percentile: number) =>
      round(this.histogram.getValueAtPercentile(percentile) / 1000);
    const empty = this.sent === 0;
    return {
      sent: this.sent,
      retries: this.retries,
      success: this.success,
      other: Object.fromEntries([...this.other].sort(([a], [b]) => a.localeCompare(b))),
      latencyMs: {
        p50: empty ? 0 : ms(50),
        p95: empty ? 0 : ms(95),
        p99: empty ? 0 : ms(99),
        max: empty ? 0 : round(this.histogram.maxValue / 1000),
        mean: empty ? 0 : round(this.histogram.mean / 1000),
      },
      elapsedMs: Math.round(elapsedMs),
      ratePerSecond: elapsedMs > 0 ? round((this.sent * 1000) / elapsedMs) : 0,
    };
  }
}

/** How an answer other than `success` is counted: its status, and the body of odd 200s. */
export function statusKey(outcome: SendOutcome): string {
  if (outcome.status === 200) return `200 ${JSON.stringify(outcome.body.slice(0, 40))}`;
  if (typeof outcome.status === 'number') return String(outcome.status);
  return `${outcome.status} (${outcome.body})`;
}

/** The summary as the lines a person reads at the end of a run. */
export function formatSummary(summary: LoadSummary): string[] {
  const { latencyMs: l } = summary;
  const lines = [
    `sent      ${summary.sent} (${summary.retries} WeChat-style retries) in ${(summary.elapsedMs / 1000).toFixed(1)} s, ${summary.ratePerSecond}/s`,
    `success   ${summary.success}`,
  ];
  for (const [status, count] of Object.entries(summary.other)) {
    lines.push(`other     ${count} answered ${status}`);
  }
  lines.push(`latency   p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms`);
  return lines;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
