import { BaseRpcContext } from '@nestjs/microservices';
import type { KafkaMessage } from 'kafkajs';

/** A Kafka record as a handler receives it: `value` is the parsed JSON of `rawValue`. */
export interface ConsumedRecord<T = unknown> {
  topic: string;
  partition: number;
  /** Offsets exceed 2^53 in principle: kept as text. */
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  value: T;
  /** The value exactly as read (UTF-8), what a dead letter keeps. */
  rawValue: string;
  /** 1 on the first try, then one more per retry of this record. */
  attempt: number;
}

/** The second argument of a Kafka handler (`@Ctx()`), holding the record being handled. */
export class KafkaRecordContext extends BaseRpcContext<[ConsumedRecord]> {
  /** The record being handled. */
  getRecord(): ConsumedRecord {
    return this.args[0];
  }
}

/** A record read from Kafka before its value was parsed. */
export type RawRecord = Omit<ConsumedRecord, 'value' | 'attempt'>;

/** Copies what a handler needs out of kafkajs' message, values and headers as UTF-8 text. */
export function toRawRecord(topic: string, partition: number, message: KafkaMessage): RawRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined)
      headers[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    headers,
    rawValue: message.value ? message.value.toString('utf8') : '',
  };
}

/** Parses the value; `undefined` when it is not JSON (the record is then dead-lettered). */
export function parseValue(raw: RawRecord): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(raw.rawValue) as unknown };
  } catch {
    return undefined;
  }
}

/** The event's id, for log lines, when the value carries one. */
export function eventIdOf(value: unknown): string | undefined {
  const id = (value as { eventId?: unknown } | null)?.eventId;
  return typeof id === 'string' ? id : undefined;
}
