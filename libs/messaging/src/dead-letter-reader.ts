import type { DeadLetterV1 } from '@oa-relay/events';
import { randomBytes } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { toRawRecord } from './consumed-record';
import { createKafka, type KafkaConnectionOptions } from './kafka-client';

/** A dead letter as stored, with where it sits on the dead-letter topic. */
export interface StoredDeadLetter {
  partition: number;
  offset: string;
  headers: Record<string, string>;
  letter: DeadLetterV1;
}

/** Options of {@link readDeadLetters}. */
export interface ReadDeadLettersOptions extends KafkaConnectionOptions {
  topic: string;
  /** Gives up if the end of the topic was not reached by then (ms, default 60 s). */
  timeoutMs?: number;
}

/**
 * Reads the dead-letter topic from its beginning up to its end as of the call, without
 * committing anything (a throwaway group, deleted afterwards). Values that are not dead
 * letters are skipped.
 */
export async function readDeadLetters(
  options: ReadDeadLettersOptions,
): Promise<StoredDeadLetter[]> {
  const kafka = createKafka(options);
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `oa-relay-dlq-reader-${randomBytes(6).toString('hex')}`;
  try {
    const ends = await admin.fetchTopicOffsets(options.topic);
    const remaining = new Map(
      ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]),
    );
    const letters =
      remaining.size === 0
        ? []
        : await consumeUntil(kafka.consumer({ groupId }), options, remaining);
    return letters.sort(
      (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
    );
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

async function consumeUntil(
  consumer: ReturnType<ReturnType<typeof createKafka>['consumer']>,
  options: ReadDeadLettersOptions,
  remaining: Map<number, bigint>,
): Promise<StoredDeadLetter[]> {
  const letters: StoredDeadLetter[] = [];
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ partition, message }) => {
        const end = remaining.get(partition);
        if (end === undefined || BigInt(message.offset) >= end) return Promise.resolve();
        const stored = toStored(options.topic, partition, message);
        if (stored) letters.push(stored);
        if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
        if (remaining.size === 0) finish();
        return Promise.resolve();
      },
    });
    await withTimeout(done, options.timeoutMs ?? 60_000);
    return letters;
  } finally {
    await consumer.disconnect();
  }
}

function toStored(
  topic: string,
  partition: number,
  message: KafkaMessage,
): StoredDeadLetter | undefined {
  const raw = toRawRecord(topic, partition, message);
  try {
    const letter = JSON.parse(raw.rawValue) as DeadLetterV1;
    if (letter?.schema !== 'wechat.dlq.v1') return undefined;
    return { partition, offset: raw.offset, headers: raw.headers, letter };
  } catch {
    return undefined;
  }
}

async function withTimeout(done: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`dead-letter topic not read to its end within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([done, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
