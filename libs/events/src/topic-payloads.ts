/**
 * The values on oa-relay's Kafka topics, version 1. docs/schemas holds the same as JSON Schema
 * for consumers outside this repository; a test keeps both in step with what the apps write.
 */

/** How a push reached the gateway. */
export type PushMode = 'plaintext' | 'compatible' | 'safe';

/** Query parameters exactly as WeChat sent them; a repeated name keeps every value. */
export type QueryParams = Record<string, string | string[]>;

/** `wechat.raw.v1`: a push exactly as received, written by the gateway before it says success. */
export interface RawEnvelopeV1 {
  schema: 'wechat.raw.v1';
  /** Stable id derived from the dedupe key: WeChat's retries of one push share it. */
  eventId: string;
  receivedAt: string;
  appId: string;
  mode: PushMode;
  query: QueryParams;
  /** The HTTP body exactly as received (ciphertext envelope in safe mode). */
  body: string;
  /** The plaintext push XML: decrypted in compatible and safe mode, the body otherwise. */
  xml: string;
  /** FromUserName of the push, also the second half of the Kafka key. */
  openId: string;
}

/** How the distinct id used for analysis was obtained. */
export type IdentitySource = 'openid' | 'unionid' | 'openid-fallback';

/** Who sent a push, as the account asks to identify users. */
export interface IdentityV1 {
  openId: string;
  unionId?: string;
  distinctId: string;
  source: IdentitySource;
  /** Why a unionid account fell back to the openid (`no-unionid`, `invalid-openid`, …). */
  fallbackReason?: string;
}

/** `wechat.enriched.v1`: a parsed push and its resolved sender, written by the enricher. */
export interface EnrichedEnvelopeV1 {
  schema: 'wechat.enriched.v1';
  eventId: string;
  appId: string;
  enrichedAt: string;
  raw: RawEnvelopeV1;
  /** The push as parsed by `@oa-relay/wechat` (`parsePush`), plain JSON. */
  push: Record<string, unknown>;
  identity: IdentityV1;
}

/** A value of a QT event attribute: numbers are numbers, strings strings, nested as QT's table says. */
export type AttributeValue = string | number | AttributeValue[] | { [key: string]: AttributeValue };

/** `analytics.events.v1`: one push mapped to a QT event code, for any internal consumer. */
export interface AnalyticsEventV1 {
  schema: 'analytics.events.v1';
  eventId: string;
  appId: string;
  /** QT event code such as `$$_menu_click`, or `$$_unmapped` for pushes outside the table. */
  code: string;
  attributes: Record<string, AttributeValue>;
  distinctId: string;
  identitySource: IdentitySource;
  /** `<AppID>@wechatoa`, QT's platform value. */
  platform: string;
  /** The push's CreateTime in epoch milliseconds. */
  time: number;
}

/** The pipeline stage a dead letter failed in. */
export type DeadLetterStage = 'gateway' | 'enricher' | 'dispatcher';

/** `wechat.dlq.v1`: something that can never succeed by retrying, kept with its reason for replay. */
export interface DeadLetterV1 {
  schema: 'wechat.dlq.v1';
  stage: DeadLetterStage;
  /** Stable error code (`WECHAT_XML_MALFORMED`, `Httpapi_300_101`, …). */
  code: string;
  message: string;
  failedAt: string;
  attempts: number;
  /** Where the original record was read from; replay re-publishes to `source.topic`. */
  source: { topic: string; partition: number; offset: string; key: string | null };
  /** The original record's value, untouched (UTF-8 text). */
  payload: string;
  /** QT's answer when the dispatcher dead-lettered on a QT response code. */
  qt?: { code: string; message: string };
}
