import type { RawEnvelopeV1 } from '@oa-relay/events';
import { PermanentError } from '@oa-relay/messaging';
import { isWechatError, parsePush, type WechatPush } from '@oa-relay/wechat';
import { z } from 'zod';
import { enricherPermanent } from './enricher-errors';

// Only what the enricher relies on is checked; the envelope itself is passed on untouched.
const envelopeSchema = z.object({
  schema: z.literal('wechat.raw.v1'),
  eventId: z.string().min(1),
  appId: z.string().min(1),
  xml: z.string(),
  openId: z.string().min(1),
});

/** The raw envelope and the push inside it. */
export interface ReadPush {
  envelope: RawEnvelopeV1;
  push: WechatPush;
}

/**
 * Checks a `wechat.raw.v1` value and parses its push with `@oa-relay/wechat`. Throws a
 * PermanentError (dead-lettered) when the value is not an envelope, the XML is not a push,
 * or the push's sender is not the envelope's.
 */
export function readRawPush(value: unknown): ReadPush {
  const checked = envelopeSchema.safeParse(value);
  if (!checked.success) {
    const paths = checked.error.issues.map((issue) => issue.path.join('.') || '(root)');
    throw enricherPermanent('ENRICHER_BAD_ENVELOPE', { paths });
  }
  const envelope = value as RawEnvelopeV1;
  const where = { appId: envelope.appId, eventId: envelope.eventId };

  const push = parseOrDeadLetter(envelope.xml, where);
  if (push.fromUserName !== envelope.openId) {
    throw enricherPermanent('ENRICHER_SENDER_MISMATCH', where);
  }
  return { envelope, push };
}

function parseOrDeadLetter(xml: string, where: Record<string, string>): WechatPush {
  try {
    return parsePush(xml);
  } catch (error) {
    if (!isWechatError(error)) throw error;
    throw new PermanentError(
      error.code,
      error.message,
      { ...where, ...error.fields },
      { cause: error },
    );
  }
}
