import { mapPushToQtEvent, unmappedAttributes } from './push-mapper';
import { QT_UNMAPPED_CODE, qtPlatform } from './qt-event-codes';
import type { AnalyticsEventV1, IdentitySource } from './topic-payloads';
import { textAt, type XmlRecord } from './xml-record';

/** What an `analytics.events.v1` value is built from. */
export interface AnalyticsEventInput {
  eventId: string;
  appId: string;
  fields: XmlRecord;
  distinctId: string;
  identitySource: IdentitySource;
  /** `table` (default) drops pushes outside QT's table; `all` keeps them as `$$_unmapped`. */
  forward?: 'table' | 'all';
  /** Used when the push has no usable CreateTime, e.g. the time it was received. */
  fallbackTimeMs: number;
}

/** The `analytics.events.v1` value of a push, or undefined for an unmapped push not forwarded. */
export function buildAnalyticsEvent(input: AnalyticsEventInput): AnalyticsEventV1 | undefined {
  const mapped = mapPushToQtEvent(input.fields);
  if (!mapped && input.forward !== 'all') return undefined;

  return {
    schema: 'analytics.events.v1',
    eventId: input.eventId,
    appId: input.appId,
    code: mapped?.code ?? QT_UNMAPPED_CODE,
    attributes: mapped?.attributes ?? unmappedAttributes(input.fields),
    distinctId: input.distinctId,
    identitySource: input.identitySource,
    platform: qtPlatform(input.appId),
    time: createTimeMs(input.fields) ?? input.fallbackTimeMs,
  };
}

/** The push's CreateTime (epoch seconds) in milliseconds, when it is a plausible number. */
export function createTimeMs(fields: XmlRecord): number | undefined {
  const text = textAt(fields, ['CreateTime']);
  if (!text || !/^\d{1,12}$/.test(text)) return undefined;
  return Number(text) * 1000;
}
