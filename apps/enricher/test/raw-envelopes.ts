import type { RawEnvelopeV1 } from '@oa-relay/events';
import { loadSamplePushes } from '@oa-relay/wechat';
import { randomUUID } from 'node:crypto';

const SENDER = /<FromUserName><!\[CDATA\[[^\]]*\]\]><\/FromUserName>/;

/** The 29 sample pushes of ../shared, by file name. */
export const SAMPLES = loadSamplePushes();

/** The sample's XML with another sender. */
export function fromUser(xml: string, openId: string): string {
  return xml.replace(SENDER, `<FromUserName><![CDATA[${openId}]]></FromUserName>`);
}

/** A sample push by file name (`msg-text.xml`), sent by `openId`. */
export function sampleFrom(name: string, openId: string): string {
  const sample = SAMPLES.find((s) => s.name === name);
  if (!sample) throw new Error(`no sample ${name}`);
  return fromUser(sample.xml, openId);
}

/** A raw record as the gateway writes it for a plaintext push: key `${appId}:${openId}`. */
export function rawRecord(
  appId: string,
  openId: string,
  xml: string,
): { key: string; value: RawEnvelopeV1 } {
  const value: RawEnvelopeV1 = {
    schema: 'wechat.raw.v1',
    eventId: randomUUID().replace(/-/g, ''),
    receivedAt: new Date().toISOString(),
    appId,
    mode: 'plaintext',
    query: { signature: 'f'.repeat(40), timestamp: '1767225601', nonce: '1', openid: openId },
    body: xml,
    xml,
    openId,
  };
  return { key: `${appId}:${openId}`, value };
}
