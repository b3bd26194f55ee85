import type { EnrichedEnvelopeV1, IdentityV1, RawEnvelopeV1 } from '@oa-relay/events';
import type { WechatPush } from '@oa-relay/wechat';

/** The `wechat.enriched.v1` value: the raw envelope unchanged, the parsed push, the sender. */
export function buildEnrichedEnvelope(
  envelope: RawEnvelopeV1,
  push: WechatPush,
  identity: IdentityV1,
  now: Date = new Date(),
): EnrichedEnvelopeV1 {
  return {
    schema: 'wechat.enriched.v1',
    eventId: envelope.eventId,
    appId: envelope.appId,
    enrichedAt: now.toISOString(),
    raw: envelope,
    push: push as unknown as Record<string, unknown>,
    identity,
  };
}
