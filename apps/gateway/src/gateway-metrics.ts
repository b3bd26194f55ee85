import { MetricsRegistry } from '@oa-relay/observability';
import type { KeySlot } from '@oa-relay/wechat';
import { Counter, Histogram } from 'prom-client';

/** What happened to a push, as counted by `gateway_pushes_total`. */
export type PushOutcome = 'stored' | 'duplicate' | 'refused' | 'unavailable';

/** What dedupe had to say, when it was not a plain first sighting. */
export type DedupeOutcome = 'duplicate' | 'in_flight' | 'redis_unavailable' | 'confirm_failed';

/**
 * The gateway's Prometheus metrics. Labels are bounded: `account` is a configured AppID or
 * `unknown`, `code` comes from the error catalogues.
 */
export class GatewayMetrics {
  private readonly pushes: Counter<'account' | 'outcome'>;
  private readonly refusals: Counter<'account' | 'code'>;
  private readonly dedupe: Counter<'account' | 'outcome'>;
  private readonly publishSeconds: Histogram<'outcome'>;
  private readonly decrypted: Counter<'account' | 'key'>;

  constructor(
    registry: MetricsRegistry,
    private readonly accounts: ReadonlySet<string>,
  ) {
    this.pushes = new Counter({
      name: 'gateway_pushes_total',
      help: 'Pushes received, by account and outcome (stored, duplicate, refused, unavailable).',
      labelNames: ['account', 'outcome'],
      registers: [registry],
    });
    this.refusals = new Counter({
      name: 'gateway_refused_pushes_total',
      help: 'Requests refused, by account and stable error code.',
      labelNames: ['account', 'code'],
      registers: [registry],
    });
    this.dedupe = new Counter({
      name: 'gateway_dedupe_total',
      help: 'Dedupe outcomes other than a first sighting (duplicate, in_flight, redis_unavailable).',
      labelNames: ['account', 'outcome'],
      registers: [registry],
    });
    this.publishSeconds = new Histogram({
      name: 'gateway_publish_seconds',
      help: 'Time from publish to Kafka ack (or failure), by outcome.',
      labelNames: ['outcome'],
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.decrypted = new Counter({
      name: 'gateway_decrypted_pushes_total',
      help: 'Encrypted pushes opened, by account and the EncodingAESKey that opened them (current, previous): the previous key can go once it stops counting.',
      labelNames: ['account', 'key'],
      registers: [registry],
    });
  }

  /** Counts a push's outcome. */
  push(appId: string, outcome: PushOutcome): void {
    this.pushes.inc({ account: this.label(appId), outcome });
  }

  /** Counts a refusal by its code (and the push as refused). */
  refused(appId: string, code: string): void {
    this.refusals.inc({ account: this.label(appId), code });
    this.push(appId, 'refused');
  }

  /** Counts a dedupe outcome. */
  dedupeOutcome(appId: string, outcome: DedupeOutcome): void {
    this.dedupe.inc({ account: this.label(appId), outcome });
  }

  /** Counts an encrypted push by the key slot that decrypted it. */
  decryptedWith(appId: string, key: KeySlot): void {
    this.decrypted.inc({ account: this.label(appId), key });
  }

  /** Records how long a publish took. */
  published(seconds: number, ok: boolean): void {
    this.publishSeconds.observe({ outcome: ok ? 'ok' : 'failed' }, seconds);
  }

  private label(appId: string): string {
    return this.accounts.has(appId) ? appId : 'unknown';
  }
}
