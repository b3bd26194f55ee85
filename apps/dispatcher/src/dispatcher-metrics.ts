import { createQtClientMetrics, type QtClientMetrics } from '@oa-relay/qt';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** How one enriched push ended in the dispatcher; a bounded label. */
export type DispatchOutcome =
  'delivered' | 'already_delivered' | 'not_forwarded' | 'rejected' | 'unavailable';

/** The dispatcher's Prometheus metrics, every label bounded. */
export interface DispatcherMetrics {
  /** Handed to QtDeliveryPolicy: responses by QT code, request duration, retries, failovers. */
  qt: QtClientMetrics;
  /** `oa_relay_dispatcher_events_total{outcome}`. */
  events: Counter<'outcome'>;
  /** `oa_relay_dispatcher_delivery_duration_seconds{outcome}`: one delivery, retries included. */
  deliveryDuration: Histogram<'outcome'>;
  /** `oa_relay_dispatcher_dead_letters_total{code}`: QT's code, `other`, or the dispatcher's. */
  deadLetters: Counter<'code'>;
  /** `oa_relay_dispatcher_unmapped_total{label}`: pushes outside QT's table. */
  unmapped: Counter<'label'>;
  /** `oa_relay_dispatcher_marker_failures_total{op}`: Redis marker writes that failed. */
  markerFailures: Counter<'op'>;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Registers the dispatcher's metrics in the app's registry. */
export function createDispatcherMetrics(registry: Registry): DispatcherMetrics {
  const registers = [registry];
  return {
    qt: createQtClientMetrics(registry),
    events: new Counter({
      name: 'oa_relay_dispatcher_events_total',
      help: 'Enriched pushes finished by the dispatcher, by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    deliveryDuration: new Histogram({
      name: 'oa_relay_dispatcher_delivery_duration_seconds',
      help: 'Time to deliver one event to Quick Tracking, retries and failover included',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    deadLetters: new Counter({
      name: 'oa_relay_dispatcher_dead_letters_total',
      help: 'Events the dispatcher sent to the dead-letter topic, by code',
      labelNames: ['code'],
      registers,
    }),
    unmapped: new Counter({
      name: 'oa_relay_dispatcher_unmapped_total',
      help: "Pushes outside Quick Tracking's event table, by bounded kind",
      labelNames: ['label'],
      registers,
    }),
    markerFailures: new Counter({
      name: 'oa_relay_dispatcher_marker_failures_total',
      help: 'Delivery marker writes to Redis that failed (a restart may then resend)',
      labelNames: ['op'],
      registers,
    }),
  };
}

/** `oa_relay_dispatcher_paused`: 1 while the consumer is paused and probing an outage. */
export function registerPausedGauge(registry: Registry, isPaused: () => boolean): void {
  new Gauge({
    name: 'oa_relay_dispatcher_paused',
    help: '1 while the dispatcher is paused, probing Quick Tracking during an outage',
    registers: [registry],
    collect() {
      this.set(isPaused() ? 1 : 0);
    },
  });
}
