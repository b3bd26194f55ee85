import type { AccountConfig } from '@oa-relay/config';
import {
  buildAnalyticsEvent,
  QT_UNMAPPED_CODE,
  unmappedPushLabel,
  type AnalyticsEventV1,
  type EnrichedEnvelopeV1,
  type QueryParams,
  type XmlRecord,
} from '@oa-relay/events';
import type { QtRequestInput } from '@oa-relay/qt';

/** What the dispatcher does with one enriched push. */
export interface DispatchPlan {
  /** The `analytics.events.v1` value, when the push is in QT's table or the account forwards all. */
  analytics?: AnalyticsEventV1;
  /** What QT's request is built from, `ts` excepted; absent when the push is not sent. */
  qt?: Omit<QtRequestInput, 'ts'>;
  /** The bounded label of a push outside QT's table. */
  unmappedLabel?: string;
}

/** QT's server settings (QT_SERVICE_ID, QT_SERVICE_SECRET). */
export interface QtServerSettings {
  serviceId: string;
  serviceSecret: string;
}

// They describe the ciphertext: beside decrypted XML they would make QT try to decrypt it.
const CIPHERTEXT_PARAMS = new Set(['encrypt_type', 'msg_signature']);

/**
 * Decides, without side effects, what one push becomes: its analytics event and QT request
 * (section 3.2: ServiceID, the account's appkey and AppID, weChatOAData and, as QT's Java demo
 * does, WeChat's query parameters of the original push).
 */
export function planDispatch(
  envelope: EnrichedEnvelopeV1,
  fields: XmlRecord,
  account: AccountConfig,
  server: QtServerSettings,
): DispatchPlan {
  const analytics = buildAnalyticsEvent({
    eventId: envelope.eventId,
    appId: envelope.appId,
    fields,
    distinctId: envelope.identity.distinctId,
    identitySource: envelope.identity.source,
    forward: account.qt.forward,
    fallbackTimeMs: Date.parse(envelope.raw.receivedAt) || 0,
  });
  const unmappedLabel =
    !analytics || analytics.code === QT_UNMAPPED_CODE ? unmappedPushLabel(fields) : undefined;
  if (!analytics) return { unmappedLabel };

  const decrypted = account.qt.weChatOAData === 'decrypted';
  const qt = {
    serviceId: server.serviceId,
    serviceSecret: server.serviceSecret,
    appkey: account.qt.appkey,
    appId: envelope.appId,
    weChatOAData: decrypted ? envelope.raw.xml : envelope.raw.body,
    query: decrypted ? withoutCiphertextParams(envelope.raw.query) : envelope.raw.query,
  };
  return { analytics, qt, unmappedLabel };
}

function withoutCiphertextParams(query: QueryParams): QueryParams {
  return Object.fromEntries(Object.entries(query).filter(([name]) => !CIPHERTEXT_PARAMS.has(name)));
}
