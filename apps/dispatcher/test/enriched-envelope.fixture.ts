import { createHash } from 'node:crypto';
import type { EnrichedEnvelopeV1, PushMode } from '@oa-relay/events';
import { buildPushRequest, parsePush } from '@oa-relay/wechat';

/** What a spec says about the push it wants wrapped as the enricher would. */
export interface EnvelopeInput {
  appId: string;
  token: string;
  xml: string;
  mode?: PushMode;
  encodingAESKey?: string;
  eventId?: string;
  /** Sets identity to unionid with this distinct id. */
  unionId?: string;
}

/**
 * A wechat.enriched.v1 value as the gateway and enricher write it: WeChat's query and body
 * built by @oa-relay/wechat, the push parsed by it, the identity from the sender's openid.
 */
export function enrichedEnvelope(input: EnvelopeInput): EnrichedEnvelopeV1 {
  const mode = input.mode ?? 'plaintext';
  const request = buildPushRequest({ ...input, mode, timestamp: '1767225601', nonce: '42' });
  const push = parsePush(input.xml);
  const eventId =
    input.eventId ?? createHash('sha256').update(`${input.appId}|${input.xml}`).digest('hex');
  const openId = push.fromUserName;

  return {
    schema: 'wechat.enriched.v1',
    eventId,
    appId: input.appId,
    enrichedAt: '2026-01-01T00:00:01.236Z',
    raw: {
      schema: 'wechat.raw.v1',
      eventId,
      receivedAt: '2026-01-01T00:00:01.214Z',
      appId: input.appId,
      mode,
      query: request.query,
      body: request.body,
      xml: input.xml,
      openId,
    },
    push: JSON.parse(JSON.stringify(push)) as Record<string, unknown>,
    identity: input.unionId
      ? { openId, unionId: input.unionId, distinctId: input.unionId, source: 'unionid' }
      : { openId, distinctId: openId, source: 'openid' },
  };
}

/** A text message from `openId` whose content and MsgId say which one of a sequence it is. */
export function textPushXml(openId: string, seq: number, msgId: string): string {
  return (
    `<xml><ToUserName><![CDATA[gh_5a1e00000001]]></ToUserName>` +
    `<FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>1767225600</CreateTime>` +
    `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[seq ${seq} 你好 🙂]]></Content>` +
    `<MsgId>${msgId}</MsgId></xml>`
  );
}
