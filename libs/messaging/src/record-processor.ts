import { Logger } from '@nestjs/common';
import { eventIdOf, parseValue, type ConsumedRecord, type RawRecord } from './consumed-record';
import type { ConsumerMetrics } from './consumer-metrics';
import type { DeadLetterReason, DeadLetterWriter } from './dead-letter-writer';
import {
  classifyFailure,
  RetryBackoff,
  sleep,
  type BackoffOptions,
  type Failure,
} from './failure-policy';
import { runInHandlerScope } from './handler-scope';
import type { ProbeGate, ProbeSlot } from './probe-gate';

/** What {@link RecordProcessor} needs from the consumer around it. */
export interface RecordProcessorDeps {
  /** Runs the handler of the record's topic and waits for its result. */
  invoke(record: ConsumedRecord): Promise<void>;
  deadLetters: DeadLetterWriter;
  gate: ProbeGate;
  metrics: ConsumerMetrics;
  /** Called when the record starts and stops waiting for a retry (the partition pauses). */
  onWaiting(record: RawRecord, waiting: boolean): void;
  /** Attempts for an unexpected error (a bug) before the record is dead-lettered. */
  maxBugAttempts: number;
  backoff: BackoffOptions;
}

/**
 * Takes one record from admission to a final outcome: handled, or dead-lettered with its
 * code. Retriable failures are retried without limit under capped backoff; bugs a few times.
 */
export class RecordProcessor {
  private readonly logger = new Logger(RecordProcessor.name);
  private warnedMasked = false;
  // Set by the first error Nest masked: from then on attempts run scoped (see handler-scope).
  private scoped = false;

  constructor(private readonly deps: RecordProcessorDeps) {}

  /** Resolves true once the record is finished, false if the signal stopped it first. */
  async process(raw: RawRecord, signal: AbortSignal): Promise<boolean> {
    const parsed = parseValue(raw);
    if (!parsed) {
      const reason = { code: 'MESSAGING_BAD_JSON', message: 'the value is not JSON', attempts: 0 };
      return this.deadLetter(raw, reason, signal);
    }
    const backoff = new RetryBackoff(this.deps.backoff);
    let slot: ProbeSlot | undefined;
    try {
      for (let attempt = 1; ; attempt += 1) {
        slot ??= await this.deps.gate.acquire(signal);
        if (!slot) return false;
        const failure = await this.attempt({ ...raw, value: parsed.value, attempt });
        if (!failure) return this.finish(raw);
        if (isFinal(failure, attempt, this.deps.maxBugAttempts)) {
          return await this.deadLetter(raw, { ...failure, attempts: attempt }, signal);
        }
        this.reportRetry(raw, parsed.value, failure, attempt);
        if (!(await this.wait(raw, backoff.next(), signal))) return false;
        if (!(slot.probe && this.deps.gate.isProbing)) {
          slot.release();
          slot = undefined;
        }
      }
    } finally {
      slot?.release();
    }
  }

  private async attempt(record: ConsumedRecord): Promise<Failure | undefined> {
    const scoped = this.scoped;
    const outcome = await runInHandlerScope(() => this.deps.invoke(record), scoped);
    if ('result' in outcome) {
      this.deps.gate.recordAnswer();
      return undefined;
    }
    const failure = classifyFailure(outcome.error, outcome.lastClassified);
    // Nest masked what an unscoped attempt threw: scope every attempt from now on, and run this
    // one again at once, so that its failure is classified and no bug attempt is spent on it.
    if (failure.kind === 'bug' && failure.masked && !scoped) {
      this.scoped = true;
      return this.attempt(record);
    }
    if (failure.kind === 'retriable') this.deps.gate.recordRetriable();
    if (failure.kind === 'permanent') this.deps.gate.recordAnswer();
    return failure;
  }

  private finish(raw: RawRecord): boolean {
    this.deps.metrics.handled.inc({ topic: raw.topic, outcome: 'ok' });
    return true;
  }

  private async wait(raw: RawRecord, delayMs: number, signal: AbortSignal): Promise<boolean> {
    this.deps.onWaiting(raw, true);
    try {
      return await sleep(delayMs, signal);
    } finally {
      this.deps.onWaiting(raw, false);
    }
  }

  private async deadLetter(
    raw: RawRecord,
    reason: DeadLetterReason,
    signal: AbortSignal,
  ): Promise<boolean> {
    const written = await this.deps.deadLetters.write(raw, reason, signal);
    if (!written) return false;
    this.deps.metrics.deadLetters.inc({ topic: raw.topic, code: reason.code });
    this.deps.metrics.handled.inc({ topic: raw.topic, outcome: 'dead_lettered' });
    this.logger.warn(
      {
        ...where(raw),
        eventId: eventIdOf(parseValue(raw)?.value),
        code: reason.code,
        attempts: reason.attempts,
      },
      'record dead-lettered',
    );
    return true;
  }

  private reportRetry(raw: RawRecord, value: unknown, failure: Failure, attempt: number): void {
    this.deps.metrics.retries.inc({
      topic: raw.topic,
      kind: failure.kind === 'retriable' ? 'retriable' : 'error',
    });
    const fields = {
      ...where(raw),
      eventId: eventIdOf(value),
      code: failure.code,
      attempt,
      error: failure.message,
    };
    if (failure.kind === 'bug') {
      this.logger.error(fields, 'handler failed unexpectedly; retrying a bounded number of times');
      if (failure.masked && !this.warnedMasked) {
        this.warnedMasked = true;
        this.logger.error(
          fields,
          "Nest's RPC filter hid the handler's error: declare handlers with @KafkaHandler()",
        );
      }
    } else if (attempt === 1) {
      this.logger.warn(fields, 'handler failed retriably; backing off');
    } else {
      this.logger.debug(fields, 'handler still failing retriably');
    }
  }
}

function isFinal(failure: Failure, attempt: number, maxBugAttempts: number): boolean {
  return failure.kind === 'permanent' || (failure.kind === 'bug' && attempt >= maxBugAttempts);
}

function where(raw: RawRecord): { topic: string; partition: number; offset: string } {
  return { topic: raw.topic, partition: raw.partition, offset: raw.offset };
}
