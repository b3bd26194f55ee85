import type { EnrichedEnvelopeV1, XmlRecord } from '@oa-relay/events';
import { parseXmlRecord } from '@oa-relay/wechat';
import { z } from 'zod';

const queryValue = z.union([z.string(), z.array(z.string())]);

// Only what delivery reads is checked; the rest of the envelope travels untouched.
const envelopeSchema = z.object({
  schema: z.literal('wechat.enriched.v1'),
  eventId: z.string().min(1),
  appId: z.string().min(1),
  raw: z.object({
    receivedAt: z.string(),
    mode: z.enum(['plaintext', 'compatible', 'safe']),
    query: z.record(z.string(), queryValue),
    body: z.string(),
    xml: z.string().min(1),
    openId: z.string(),
  }),
  push: z.object({ fields: z.record(z.string(), z.unknown()).optional() }).passthrough(),
  identity: z.object({
    distinctId: z.string().min(1),
    source: z.enum(['openid', 'unionid', 'openid-fallback']),
  }),
});

/** An enriched envelope that delivery can work with, and the push's elements. */
export interface ReadEnvelope {
  envelope: EnrichedEnvelopeV1;
  fields: XmlRecord;
}

/** Why an envelope cannot be delivered: the paths that failed, never their values. */
export interface EnvelopeProblem {
  paths: string[];
}

/**
 * Checks a wechat.enriched.v1 value. The push's elements come from `push.fields` as the
 * enricher wrote them, or are parsed again from `raw.xml` when an older writer left them out.
 */
export function readEnrichedEnvelope(value: unknown): ReadEnvelope | EnvelopeProblem {
  const parsed = envelopeSchema.safeParse(value);
  if (!parsed.success) {
    return { paths: [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))] };
  }
  const envelope = value as EnrichedEnvelopeV1;
  const fields = parsed.data.push.fields as XmlRecord | undefined;
  if (fields) return { envelope, fields };
  try {
    return { envelope, fields: parseXmlRecord(envelope.raw.xml) };
  } catch {
    return { paths: ['raw.xml'] };
  }
}

/** True when {@link readEnrichedEnvelope} refused the value. */
export function isEnvelopeProblem(
  result: ReadEnvelope | EnvelopeProblem,
): result is EnvelopeProblem {
  return 'paths' in result;
}
