import { Counter, type Registry } from 'prom-client';

/** The token client's counters; label sets are bounded by the configured accounts and codes. */
export class TokenMetrics {
  private readonly fetches?: Counter<'app_id' | 'source' | 'outcome'>;
  private readonly reports?: Counter<'app_id' | 'outcome'>;

  constructor(registry?: Registry) {
    if (!registry) return;
    this.fetches = counter(
      registry,
      'oa_relay_token_fetches_total',
      'Token fetches from a source',
      ['app_id', 'source', 'outcome'],
    );
    this.reports = counter(
      registry,
      'oa_relay_token_rejections_reported_total',
      'Rejected tokens reported: evicted from the cache, or stale (already replaced)',
      ['app_id', 'outcome'],
    );
  }

  /** Counts one fetch; `outcome` is `ok` or a stable error code. */
  fetched(appId: string, source: string, outcome: string): void {
    this.fetches?.inc({ app_id: appId, source, outcome });
  }

  /** Counts one report of a rejected token. */
  reported(appId: string, evicted: boolean): void {
    this.reports?.inc({ app_id: appId, outcome: evicted ? 'evicted' : 'stale' });
  }
}

// Two clients in one registry (tests, or two modules) share the metric instead of clashing.
function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}
