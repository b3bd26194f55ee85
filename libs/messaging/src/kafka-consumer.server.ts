import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import {
  KafkaRecordContext,
  toRawRecord,
  type ConsumedRecord,
  type RawRecord,
} from './consumed-record';
import { createConsumerMetrics, type ConsumerMetrics } from './consumer-metrics';
import { DeadLetterWriter } from './dead-letter-writer';
import { createKafka } from './kafka-client';
import {
  resolveConsumerOptions,
  type KafkaConsumerServerOptions,
  type ResolvedConsumerOptions,
} from './kafka-consumer.options';
import { KafkaPublisher } from './kafka-publisher';
import { MessagingError } from './messaging-errors';
import { PartitionState, settleWithin } from './partition-state';
import { topicsToSubscribe } from './handled-topics';
import { ProbeGate } from './probe-gate';
import { RecordProcessor } from './record-processor';
import { TopicHandlers } from './topic-handlers';

/** Which partitions are paused and why, as {@link KafkaConsumerServer.getPauseState} reports it. */
export interface ConsumerPauseState {
  /** True while the whole consumer is paused, probing with one record after an outage. */
  probing: boolean;
  consecutiveRetriableFailures: number;
  pausedPartitions: { topic: string; partition: number }[];
}

/**
 * The project's Kafka consumer as a NestJS custom transport: `@EventPattern(topic)` (better
 * `@KafkaHandler(topic)`) handlers receive a {@link ConsumedRecord}. Records of one key run in
 * order, other keys concurrently; offsets are committed only below unfinished work; retriable
 * failures back off without limit, permanent ones and repeated bugs go to the dead-letter topic.
 */
export class KafkaConsumerServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(KafkaConsumerServer.name);
  private readonly options: ResolvedConsumerOptions;
  private readonly metrics: ConsumerMetrics;
  private readonly publisher: KafkaPublisher;
  private readonly gate: ProbeGate;
  private readonly processor: RecordProcessor;
  private readonly partitions = new Map<string, PartitionState>();
  private handlers = new TopicHandlers([], () => null);
  private consumer: Consumer | undefined;
  private commitTimer: NodeJS.Timeout | undefined;
  private committing: Promise<void> | undefined;
  private closing = false;

  constructor(options: KafkaConsumerServerOptions) {
    super();
    this.options = resolveConsumerOptions(options);
    this.metrics = createConsumerMetrics(options.metrics);
    this.publisher =
      options.publisher ?? new KafkaPublisher({ ...options, clientId: `${options.clientId}-dlq` });
    this.gate = new ProbeGate(this.options.pauseAfterRetriableFailures, {
      onPause: () => this.onProbing(true),
      onResume: () => this.onProbing(false),
    });
    this.processor = new RecordProcessor({
      invoke: (record) => this.invoke(record),
      deadLetters: new DeadLetterWriter(
        this.publisher,
        options.stage,
        this.options.deadLetterTopic,
        options.backoff,
      ),
      gate: this.gate,
      metrics: this.metrics,
      onWaiting: (record, waiting) => this.onWaiting(record, waiting),
      maxBugAttempts: this.options.maxBugAttempts,
      backoff: this.options.backoff,
    });
  }

  /** Connects, subscribes to the topics that have handlers and starts consuming. */
  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  /** Stops fetching, waits for running handlers (up to the deadline), commits, disconnects. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.commitTimer);
    const consumer = this.consumer;
    if (consumer) this.pauseEverything(consumer);
    this.partitions.forEach((state) => state.revoke());

    await this.drain();
    await this.commit();
    await consumer
      ?.disconnect()
      .catch((error: unknown) => this.log.warn({ err: error }, 'disconnect failed'));
    if (!this.options.publisher) await this.publisher.close();
    this.metrics.paused.set({ group: this.options.groupId }, 0);
  }

  /** The kafkajs consumer (after listen). */
  unwrap<T>(): T {
    if (!this.consumer) throw new Error('the consumer is not started: call listen first');
    return this.consumer as T;
  }

  /** Registers a listener for a kafkajs consumer instrumentation event (after listen). */
  on<EventKey extends string = string, EventCallback = unknown>(
    event: EventKey,
    callback: EventCallback,
  ): void {
    const consumer = this.unwrap<Consumer>();
    consumer.on(event as Parameters<Consumer['on']>[0], callback as (...args: unknown[]) => void);
  }

  /** Pause state: probing mode and the partitions whose fetching is paused. */
  getPauseState(): ConsumerPauseState {
    return {
      probing: this.gate.isProbing,
      consecutiveRetriableFailures: this.gate.consecutiveFailures,
      pausedPartitions: [...this.partitions.values()]
        .filter((s) => s.paused)
        .map((s) => ({ topic: s.topic, partition: s.partition })),
    };
  }

  /** Commits every completed offset now (also done every commitIntervalMs). */
  commit(): Promise<void> {
    this.committing ??= this.commitCompleted().finally(() => (this.committing = undefined));
    return this.committing;
  }

  private async start(): Promise<void> {
    const topics = this.subscribedTopics();
    this.handlers = new TopicHandlers(topics, (topic) => this.getHandlerByPattern(topic));
    const consumer = createKafka(this.options).consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs,
      maxWaitTimeInMs: this.options.maxWaitTimeMs,
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) =>
      this.onAssignment(payload.memberAssignment),
    );
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      this.log.error(
        { err: payload.error, restart: payload.restart, groupId: payload.groupId },
        'Kafka consumer crashed',
      ),
    );
    this.consumer = consumer;

    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      eachBatch: (payload) => Promise.resolve(this.onBatch(payload)),
    });
    this.commitTimer = setInterval(() => void this.commit(), this.options.commitIntervalMs);
    this.log.log({ groupId: this.options.groupId, topics }, 'Kafka consumer started');
  }

  // Only topics with a handler are read: a topic nobody handles would be committed unread.
  private subscribedTopics(): string[] {
    return topicsToSubscribe(this.getHandlers(), this.options.topics);
  }

  private onBatch(payload: EachBatchPayload): void {
    const { batch } = payload;
    if (this.closing) return;
    const state = this.stateOf(batch.topic, batch.partition);
    for (const message of batch.messages) {
      if (!state.tracker.seen(message.offset))
        this.admit(state, toRawRecord(batch.topic, batch.partition, message));
      payload.resolveOffset(message.offset);
    }
    state.highWatermark = batch.highWatermark;
    this.refreshPause(state);
  }

  private admit(state: PartitionState, raw: RawRecord): void {
    state.tracker.admit(raw.offset);
    this.metrics.inFlight.inc({ topic: raw.topic });
    state.scheduler.schedule(raw.key, async () => {
      try {
        if (await this.processor.process(raw, state.abort.signal))
          state.tracker.complete(raw.offset);
      } finally {
        this.metrics.inFlight.dec({ topic: raw.topic });
        this.refreshPause(state);
      }
    });
  }

  private async invoke(record: ConsumedRecord): Promise<void> {
    const handler = this.handlers.handlerOf(record.topic);
    if (!handler)
      throw new MessagingError('MESSAGING_NO_HANDLER', 'no handler for the topic', {
        topic: record.topic,
      });
    const result: unknown = await handler(record, new KafkaRecordContext([record]));
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }

  private stateOf(topic: string, partition: number): PartitionState {
    const id = `${topic}|${partition}`;
    let state = this.partitions.get(id);
    if (!state) {
      state = new PartitionState(
        topic,
        partition,
        this.options.concurrency,
        this.options.maxBufferedPerPartition,
      );
      this.partitions.set(id, state);
    }
    return state;
  }

  private onWaiting(record: RawRecord, waiting: boolean): void {
    const state = this.partitions.get(`${record.topic}|${record.partition}`);
    if (!state) return;
    state.waitingChanged(waiting ? 1 : -1);
    this.refreshPause(state);
  }

  // Tells kafkajs only about changes; probing or closing pauses every partition.
  private refreshPause(state: PartitionState): void {
    const consumer = this.consumer;
    if (!consumer || this.partitions.get(`${state.topic}|${state.partition}`) !== state) return;
    const pause = this.closing || this.gate.isProbing || state.wantsPause();
    if (pause === state.paused) return;
    state.paused = pause;
    const target = [{ topic: state.topic, partitions: [state.partition] }];
    if (pause) consumer.pause(target);
    else consumer.resume(target);
  }

  private onProbing(probing: boolean): void {
    this.metrics.paused.set({ group: this.options.groupId }, probing ? 1 : 0);
    this.log.warn(
      { groupId: this.options.groupId, probing },
      probing
        ? 'sustained failures: consumer paused, probing'
        : 'probe succeeded: consumer resumed',
    );
    this.partitions.forEach((state) => this.refreshPause(state));
  }

  // A new generation: partitions we lost stop (their records are read again by the new owner);
  // partitions we keep go on, and kafkajs' re-fetch of records we already hold is skipped.
  private onAssignment(assignment: Record<string, number[]>): void {
    for (const [id, state] of this.partitions) {
      if (assignment[state.topic]?.includes(state.partition)) {
        if (state.paused)
          this.consumer?.pause([{ topic: state.topic, partitions: [state.partition] }]);
        continue;
      }
      state.revoke();
      this.partitions.delete(id);
      this.metrics.lag.remove({ topic: state.topic, partition: String(state.partition) });
    }
  }

  private async drain(): Promise<void> {
    const idle = Promise.all([...this.partitions.values()].map((s) => s.scheduler.idle()));
    await settleWithin(idle, this.options.shutdownTimeoutMs);
  }

  private async commitCompleted(): Promise<void> {
    const consumer = this.consumer;
    const due = [...this.partitions.values()].filter((s) => {
      const lag = s.lag();
      if (lag !== undefined)
        this.metrics.lag.set({ topic: s.topic, partition: String(s.partition) }, lag);
      const next = s.tracker.committable();
      return next !== undefined && next !== s.committed;
    });
    if (!consumer || due.length === 0) return;
    const offsets = due.map((s) => ({
      topic: s.topic,
      partition: s.partition,
      offset: s.tracker.committable()!,
    }));
    try {
      await consumer.commitOffsets(offsets);
      offsets.forEach((o, i) => (due[i].committed = o.offset));
    } catch (error) {
      this.log.warn(
        { err: error, groupId: this.options.groupId },
        'offset commit failed; will retry',
      );
    }
  }

  private pauseEverything(consumer: Consumer): void {
    for (const state of this.partitions.values()) state.paused = true;
    try {
      consumer.pause(this.subscribedTopics().map((topic) => ({ topic })));
    } catch {
      // Not running yet: nothing is fetched anyway.
    }
  }
}
