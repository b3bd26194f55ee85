import { Logger } from '@nestjs/common';
import type { DeadLetterStage, DeadLetterV1 } from '@oa-relay/events';
import type { RawRecord } from './consumed-record';
import type { KafkaPublisher } from './kafka-publisher';
import { RetryBackoff, sleep, type BackoffOptions } from './failure-policy';
import { TOPICS } from './topics';

/** Why a record is dead-lettered. */
export interface DeadLetterReason {
  code: string;
  message: string;
  attempts: number;
  qt?: { code: string; message: string };
}

/** Builds the dead letter of a record: its reason, its source and its payload untouched. */
export function toDeadLetter(
  stage: DeadLetterStage,
  record: RawRecord,
  reason: DeadLetterReason,
): DeadLetterV1 {
  return {
    schema: 'wechat.dlq.v1',
    stage,
    code: reason.code,
    message: reason.message,
    failedAt: new Date().toISOString(),
    attempts: reason.attempts,
    source: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key,
    },
    payload: record.rawValue,
    ...(reason.qt ? { qt: reason.qt } : {}),
  };
}

/**
 * Writes dead letters, keyed like the original record. Writing is infrastructure: it is
 * retried with backoff until it succeeds or the consumer stops (then the record stays
 * uncommitted and is read again).
 */
export class DeadLetterWriter {
  private readonly logger = new Logger(DeadLetterWriter.name);

  constructor(
    private readonly publisher: KafkaPublisher,
    private readonly stage: DeadLetterStage,
    private readonly topic: string = TOPICS.dlq.name,
    private readonly backoff: BackoffOptions = {},
  ) {}

  /** Resolves true once written, false if the signal aborted first. */
  async write(record: RawRecord, reason: DeadLetterReason, signal: AbortSignal): Promise<boolean> {
    const letter = toDeadLetter(this.stage, record, reason);
    const backoff = new RetryBackoff(this.backoff);

    for (;;) {
      try {
        await this.publisher.publish(
          this.topic,
          { key: record.key, value: letter, headers: record.headers },
          { timeoutMs: 10_000 },
        );
        return true;
      } catch (error) {
        this.logger.warn(
          { err: error, topic: record.topic, partition: record.partition, offset: record.offset },
          'dead letter not written yet; retrying',
        );
      }
      if (!(await sleep(backoff.next(), signal))) return false;
    }
  }
}
