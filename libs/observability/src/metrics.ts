import { Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus registry an app's metrics are registered in; one per app instance. */
export class MetricsRegistry extends Registry {
  constructor(service: string) {
    super();
    this.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this });
  }
}
