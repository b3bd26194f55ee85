import { Logger } from '@nestjs/common';
import type { AccountRegistry } from '@oa-relay/config';
import type { AnalyticsEventV1 } from '@oa-relay/events';
import type { ConsumedRecord, KafkaPublisher } from '@oa-relay/messaging';
import {
  buildQtRequest,
  isQtResponseCode,
  QtError,
  type QtDeliveryOutcome,
  type QtDeliveryPolicy,
} from '@oa-relay/qt';
import type { DeliveryMarkers } from './delivery-markers';
import type { InFlightLimiter } from './in-flight-limiter';
import { planDispatch, type QtServerSettings } from './dispatch-plan';
import { dispatcherPermanent, dispatcherRetriable, qtRejection } from './dispatcher-errors';
import type { DispatchOutcome, DispatcherMetrics } from './dispatcher-metrics';
import { isEnvelopeProblem, readEnrichedEnvelope } from './enriched-envelope.reader';

/** What {@link DispatchService} works with. */
export interface DispatchDeps {
  accounts: AccountRegistry;
  markers: DeliveryMarkers;
  publisher: KafkaPublisher;
  policy: QtDeliveryPolicy;
  /** Caps requests to QT in flight across partitions. */
  limiter: InFlightLimiter;
  metrics: DispatcherMetrics;
  server: QtServerSettings;
  analyticsTopic: string;
  publishTimeoutMs?: number;
}

/** Where a record came from and what it is, for log lines and error fields. */
type Where = { topic: string; partition: number; offset: string; eventId?: string };

/**
 * Takes one enriched push to its outcome: its analytics event published, then QT's request
 * signed and delivered. Throws RetriableError while QT, Kafka or Redis is unwell and
 * PermanentError when QT refuses the event for good; both are the consumer's to act on.
 */
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);
  private readonly stopping = new AbortController();

  constructor(private readonly deps: DispatchDeps) {}

  /** Aborts deliveries still waiting for QT; their records stay uncommitted and are read again. */
  abortInFlight(): void {
    this.stopping.abort();
  }

  /** Closes the kept-alive connections to QT, once the consumer has stopped. */
  close(): void {
    this.deps.policy.close();
  }

  /** Handles one record of wechat.enriched.v1 and resolves with what became of it. */
  async dispatch(record: ConsumedRecord): Promise<DispatchOutcome> {
    const where: Where = {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
    };
    const read = readEnrichedEnvelope(record.value);
    if (isEnvelopeProblem(read)) {
      throw this.deadLetter('DISPATCHER_BAD_ENVELOPE', { ...where, paths: read.paths });
    }
    const { envelope, fields } = read;
    where.eventId = envelope.eventId;
    const account = this.deps.accounts.find(envelope.appId);
    if (!account) {
      throw this.deadLetter('DISPATCHER_UNKNOWN_ACCOUNT', { ...where, appId: envelope.appId });
    }

    const plan = planDispatch(envelope, fields, account, this.deps.server);
    if (plan.unmappedLabel) this.deps.metrics.unmapped.inc({ label: plan.unmappedLabel });
    if (!plan.analytics || !plan.qt) return this.count('not_forwarded');
    const markers = await this.readMarkers(envelope.eventId, where);
    if (markers.delivered) return this.count('already_delivered');
    if (!markers.published) await this.publish(record.key, plan.analytics);

    const request = buildQtRequest({ ...plan.qt, ts: Date.now() });
    const outcome = await this.deliver(request.body, where);
    return this.settle(outcome, envelope.eventId, where);
  }

  private async readMarkers(eventId: string, where: Where) {
    try {
      return await this.deps.markers.read(eventId);
    } catch (error) {
      throw dispatcherRetriable('DISPATCHER_MARKERS_UNAVAILABLE', where, error);
    }
  }

  // Published before QT is asked, whatever QT says; Kafka failures are retriable for the consumer.
  private async publish(key: string | null, event: AnalyticsEventV1): Promise<void> {
    await this.deps.publisher.publish(
      this.deps.analyticsTopic,
      { key, value: event },
      { timeoutMs: this.deps.publishTimeoutMs ?? 10_000 },
    );
    if (!(await this.deps.markers.markPublished(event.eventId))) {
      this.deps.metrics.markerFailures.inc({ op: 'published' });
    }
  }

  private async deliver(body: string, where: Where): Promise<QtDeliveryOutcome> {
    const stop = this.deps.metrics.deliveryDuration.startTimer();
    try {
      const outcome = await this.deps.limiter.run(() =>
        this.deps.policy.deliver(body, this.stopping.signal),
      );
      stop({ outcome: outcome.kind });
      return outcome;
    } catch (error) {
      stop({ outcome: 'aborted' });
      if (error instanceof QtError && error.code === 'QT_DELIVERY_ABORTED') {
        throw dispatcherRetriable(
          'DISPATCHER_QT_UNAVAILABLE',
          { ...where, reason: 'shutdown' },
          error,
        );
      }
      throw error;
    }
  }

  private async settle(
    outcome: QtDeliveryOutcome,
    eventId: string,
    where: Where,
  ): Promise<DispatchOutcome> {
    switch (outcome.kind) {
      case 'accepted':
        if (!(await this.deps.markers.markDelivered(eventId))) {
          this.deps.metrics.markerFailures.inc({ op: 'delivered' });
          this.logger.warn(
            where,
            'delivered, but the marker was not written: a restart may resend',
          );
        }
        return this.count('delivered');
      case 'rejected':
        this.count('rejected');
        this.deps.metrics.deadLetters.inc({
          code: isQtResponseCode(outcome.code) ? outcome.code : 'other',
        });
        throw qtRejection(outcome.code, outcome.message, {
          ...where,
          attempts: outcome.attempts,
          endpoint: outcome.endpoint,
        });
      case 'unavailable':
        this.count('unavailable');
        throw dispatcherRetriable('DISPATCHER_QT_UNAVAILABLE', {
          ...where,
          reason: outcome.reason,
          attempts: outcome.attempts,
        });
    }
  }

  private deadLetter(
    code: 'DISPATCHER_BAD_ENVELOPE' | 'DISPATCHER_UNKNOWN_ACCOUNT',
    fields: Readonly<Record<string, unknown>>,
  ): Error {
    this.deps.metrics.deadLetters.inc({ code });
    return dispatcherPermanent(code, fields);
  }

  private count(outcome: DispatchOutcome): DispatchOutcome {
    this.deps.metrics.events.inc({ outcome });
    return outcome;
  }
}
