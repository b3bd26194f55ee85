import { Counter, Histogram, type Registry } from 'prom-client';

/** Which configured QT endpoint a request went to; a bounded label. */
export type QtEndpointLabel = 'primary' | 'fallback';

/** The QT client's own Prometheus metrics; the dispatcher adds its per-event ones. */
export interface QtClientMetrics {
  /** `oa_relay_qt_responses_total{code,endpoint}`: QT code, `other`, or the retriable reason. */
  responses: Counter<'code' | 'endpoint'>;
  /** `oa_relay_qt_request_duration_seconds{endpoint}`: one HTTP exchange with QT. */
  requestDuration: Histogram<'endpoint'>;
  /** `oa_relay_qt_retries_total`: attempts after the first, across deliveries. */
  retries: Counter;
  /** `oa_relay_qt_failovers_total`: attempts sent to the fallback because the primary's circuit was open. */
  failovers: Counter;
}

/** Registers the QT client's metrics in an app's registry. */
export function createQtClientMetrics(registry: Registry): QtClientMetrics {
  const registers = [registry];
  return {
    responses: new Counter({
      name: 'oa_relay_qt_responses_total',
      help: 'Answers from Quick Tracking by response code (or transport failure) and endpoint',
      labelNames: ['code', 'endpoint'],
      registers,
    }),
    requestDuration: new Histogram({
      name: 'oa_relay_qt_request_duration_seconds',
      help: 'Duration of one HTTP request to Quick Tracking',
      labelNames: ['endpoint'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    retries: new Counter({
      name: 'oa_relay_qt_retries_total',
      help: 'Requests to Quick Tracking that repeated an earlier, retriable attempt',
      registers,
    }),
    failovers: new Counter({
      name: 'oa_relay_qt_failovers_total',
      help: 'Requests sent to the fallback endpoint while the primary was considered down',
      registers,
    }),
  };
}
