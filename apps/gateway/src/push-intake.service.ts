import { Logger } from '@nestjs/common';
import type { QueryParams } from '@oa-relay/events';
import type { KafkaPublisher } from '@oa-relay/messaging';
import { isCodedError, type CodedError } from '@oa-relay/observability';
import {
  checkTimestamp,
  dedupeKey,
  openPush,
  queryParam,
  type OpenedPush,
  type WechatError,
} from '@oa-relay/wechat';
import { GatewayError } from './gateway-errors';
import type { GatewayMetrics } from './gateway-metrics';
import type { PushAccounts } from './push-accounts';
import type { PushDedupe } from './push-dedupe';
import { buildRawEnvelope, rawRecordKey } from './raw-envelope';
import { refusalStatus } from './refusal-status';

/** One push request as the controller received it. */
export interface IncomingPush {
  appId: string;
  query: QueryParams;
  body: string;
  receivedAt: Date;
}

/** What to answer: `success` (stored or a known duplicate), a refusal, or 503 to be retried. */
export type IntakeOutcome =
  | { kind: 'stored' }
  | { kind: 'duplicate' }
  | { kind: 'refused'; status: number; error: CodedError }
  | { kind: 'unavailable'; error: CodedError };

/** Options of {@link PushIntakeService}. */
export interface PushIntakeOptions {
  topic: string;
  replayWindowSeconds: number;
  publishDeadlineMs: number;
  bodyLimitBytes: number;
}

/**
 * Takes a push from the request to Kafka: refuses what is not genuine, recognises WeChat's
 * retries, and reports `stored` only after the broker acknowledged the push.
 */
export class PushIntakeService {
  private readonly logger = new Logger(PushIntakeService.name);

  constructor(
    private readonly accounts: PushAccounts,
    private readonly dedupe: PushDedupe,
    private readonly publisher: KafkaPublisher,
    private readonly metrics: GatewayMetrics,
    private readonly options: PushIntakeOptions,
  ) {}

  /** Handles one push; never throws. */
  async receive(incoming: IncomingPush): Promise<IntakeOutcome> {
    const opened = this.open(incoming);
    if (opened.ok === false) return this.refuse(incoming.appId, opened.status, opened.error);

    const key = dedupeKey(incoming.appId, opened.opened);
    const claim = await this.dedupe.claim(key);
    if (claim === 'stored') {
      this.metrics.dedupeOutcome(incoming.appId, 'duplicate');
      this.metrics.push(incoming.appId, 'duplicate');
      return { kind: 'duplicate' };
    }
    if (claim === 'in-flight') {
      this.metrics.dedupeOutcome(incoming.appId, 'in_flight');
      return this.unavailable(
        incoming.appId,
        new GatewayError('GATEWAY_PUSH_IN_FLIGHT', 'the same push is being stored'),
      );
    }
    if (claim === 'unavailable') this.metrics.dedupeOutcome(incoming.appId, 'redis_unavailable');

    return this.store(incoming, opened.opened, key, claim === 'claimed');
  }

  private open(
    incoming: IncomingPush,
  ): { ok: true; opened: OpenedPush } | { ok: false; status: number; error: CodedError } {
    const account = this.accounts.find(incoming.appId);
    if (account === undefined) {
      const error = new GatewayError('GATEWAY_UNKNOWN_ACCOUNT', 'no account with this AppID');
      return { ok: false, status: 404, error };
    }
    const fresh = checkTimestamp(
      queryParam(incoming.query, 'timestamp'),
      incoming.receivedAt.getTime(),
      this.options.replayWindowSeconds,
    );
    if (!fresh.ok) return refused(fresh.error);

    const { query, body } = incoming;
    const xml = { maxBytes: this.options.bodyLimitBytes };
    const result = openPush({ account, query, body, xml });
    if (!result.ok) return refused(result.error);
    if (result.keyUsed) this.metrics.decryptedWith(incoming.appId, result.keyUsed);
    return { ok: true, opened: result };
  }

  private async store(
    incoming: IncomingPush,
    opened: OpenedPush,
    key: string,
    claimed: boolean,
  ): Promise<IntakeOutcome> {
    const { appId } = incoming;
    const envelope = buildRawEnvelope({ ...incoming, dedupeKey: key, opened });
    const started = process.hrtime.bigint();
    try {
      await this.publisher.publish(
        this.options.topic,
        { key: rawRecordKey(appId, envelope.openId), value: envelope },
        { timeoutMs: this.options.publishDeadlineMs },
      );
    } catch (error) {
      this.metrics.published(secondsSince(started), false);
      if (claimed) void this.dedupe.release(key);
      return this.unavailable(appId, publishUnavailable(error));
    }

    this.metrics.published(secondsSince(started), true);
    this.metrics.push(appId, 'stored');
    if (claimed) void this.confirm(appId, key);
    return { kind: 'stored' };
  }

  private async confirm(appId: string, key: string): Promise<void> {
    if (!(await this.dedupe.confirm(key))) this.metrics.dedupeOutcome(appId, 'confirm_failed');
  }

  /** Counts and logs a refusal once; also for what is refused before the intake (a 413). */
  refuse(appId: string, status: number, error: CodedError): IntakeOutcome {
    this.metrics.refused(appId, error.code);
    this.logger.warn({ appId, code: error.code, status, ...error.fields }, 'push refused');
    return { kind: 'refused', status, error };
  }

  private unavailable(appId: string, error: CodedError): IntakeOutcome {
    this.metrics.push(appId, 'unavailable');
    this.logger.warn(
      { appId, code: error.code, ...error.fields },
      'push not stored; 503 so that WeChat retries',
    );
    return { kind: 'unavailable', error };
  }
}

function refused(error: WechatError): { ok: false; status: number; error: CodedError } {
  return { ok: false, status: refusalStatus(error.code), error };
}

/** The 503 of a failed publish; the messaging library's own code goes to the log line. */
function publishUnavailable(error: unknown): GatewayError {
  const cause = isCodedError(error) ? error.code : 'UNEXPECTED';
  return new GatewayError(
    'GATEWAY_PUBLISH_UNAVAILABLE',
    'Kafka did not acknowledge the push in time',
    { cause },
    { cause: error },
  );
}

function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
