import type { IdentitySource } from '@oa-relay/events';
import { Counter, Histogram, type Registry } from 'prom-client';

/** How one unionid lookup ended; a dashboard's label values. */
export type LookupOutcome = 'cache_hit' | 'batched' | 'fallback' | 'error';

/**
 * The enricher's Prometheus metrics; labels are bounded by the accounts file and fixed sets.
 * Dead letters and consumer lag are the consumer's own (`messaging_dead_letters_total`,
 * `messaging_consumer_lag`), in the same registry.
 */
export class EnricherMetrics {
  private readonly lookups: Counter<'app_id' | 'outcome'>;
  private readonly fallbacks: Counter<'app_id' | 'reason'>;
  private readonly wechatCalls: Counter<'endpoint' | 'errcode'>;
  private readonly batchSizes: Histogram;
  private readonly enriched: Counter<'app_id' | 'source'>;
  private readonly forgotten: Counter<'app_id'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.lookups = new Counter({
      name: 'enricher_unionid_lookups_total',
      help: 'UnionID lookups by outcome: cache_hit, batched (answered by WeChat), fallback, error.',
      labelNames: ['app_id', 'outcome'],
      registers,
    });
    this.fallbacks = new Counter({
      name: 'enricher_unionid_fallbacks_total',
      help: 'Events of unionid accounts identified by their OpenID instead, by reason.',
      labelNames: ['app_id', 'reason'],
      registers,
    });
    this.wechatCalls = new Counter({
      name: 'enricher_wechat_calls_total',
      help: 'Requests to WeChat (and the token source) by endpoint and errcode (0 for success).',
      labelNames: ['endpoint', 'errcode'],
      registers,
    });
    this.batchSizes = new Histogram({
      name: 'enricher_batchget_openids',
      help: 'Openids asked in one coalesced user/info/batchget.',
      buckets: [1, 2, 5, 10, 25, 50, 75, 100],
      registers,
    });
    this.enriched = new Counter({
      name: 'enricher_enriched_events_total',
      help: 'Events published to the enriched topic, by how the sender was identified.',
      labelNames: ['app_id', 'source'],
      registers,
    });
    this.forgotten = new Counter({
      name: 'enricher_users_forgotten_total',
      help: 'Cached unionids deleted because the user unsubscribed.',
      labelNames: ['app_id'],
      registers,
    });
  }

  /** Counts one unionid lookup. */
  lookup(appId: string, outcome: LookupOutcome): void {
    this.lookups.inc({ app_id: appId, outcome });
  }

  /** Counts one event that fell back to the OpenID. */
  fallback(appId: string, reason: string): void {
    this.fallbacks.inc({ app_id: appId, reason });
  }

  /** Counts one request to WeChat. */
  wechatCall(endpoint: string, errcode: string): void {
    this.wechatCalls.inc({ endpoint, errcode });
  }

  /** Records the size of one coalesced batch. */
  batch(size: number): void {
    this.batchSizes.observe(size);
  }

  /** Counts one published event. */
  published(appId: string, source: IdentitySource): void {
    this.enriched.inc({ app_id: appId, source });
  }

  /** Counts one deleted cache entry. */
  userForgotten(appId: string): void {
    this.forgotten.inc({ app_id: appId });
  }
}
