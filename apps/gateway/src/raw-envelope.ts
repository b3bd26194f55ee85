import { createHash } from 'node:crypto';
import type { QueryParams, RawEnvelopeV1 } from '@oa-relay/events';
import type { OpenedPush } from '@oa-relay/wechat';

/** What the gateway knows about a push when it stores it. */
export interface RawEnvelopeInput {
  appId: string;
  dedupeKey: string;
  receivedAt: Date;
  query: QueryParams;
  body: string;
  opened: OpenedPush;
}

/**
 * The `wechat.raw.v1` record of a push: the request exactly as received, the plaintext XML,
 * and an event id derived from the dedupe key, so that WeChat's retries share it.
 */
export function buildRawEnvelope(input: RawEnvelopeInput): RawEnvelopeV1 {
  const { opened } = input;
  return {
    schema: 'wechat.raw.v1',
    eventId: eventIdOf(input.dedupeKey),
    receivedAt: input.receivedAt.toISOString(),
    appId: input.appId,
    mode: opened.mode,
    query: input.query,
    body: input.body,
    xml: opened.xml,
    openId: opened.push.fromUserName,
  };
}

/** The Kafka key: account and sender, so that each user's pushes stay in order. */
export function rawRecordKey(appId: string, openId: string): string {
  return `${appId}:${openId}`;
}

/** A UUID-shaped id from the sha256 of the dedupe key. */
export function eventIdOf(dedupeKey: string): string {
  const hex = createHash('sha256').update(dedupeKey, 'utf8').digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Query parameters as a plain object (the framework hands a null-prototype one). */
export function plainQuery(query: Readonly<Record<string, unknown>>): QueryParams {
  const plain: QueryParams = {};
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string') plain[name] = value;
    else if (Array.isArray(value)) plain[name] = value.map(String);
  }
  return plain;
}
