import { hash, timingSafeEqual } from 'node:crypto';
import { WechatError } from './wechat-error';

/**
 * WeChat's signature: sha1 (hex) of token, timestamp, nonce and, for `msg_signature`, the
 * Encrypt text, sorted as strings and joined without a separator.
 */
export function computeSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt?: string,
): string {
  const parts =
    encrypt === undefined ? [token, timestamp, nonce] : [token, timestamp, nonce, encrypt];
  return sha1Hex(parts.sort().join(''));
}

/** sha1 of the sorted, joined parts: the rule behind both signatures. */
export function signParts(parts: readonly string[]): string {
  return sha1Hex([...parts].sort().join(''));
}

/** True when `signature` matches; the comparison takes the same time wherever they differ. */
export function verifySignature(
  signature: string,
  token: string,
  timestamp: string,
  nonce: string,
  encrypt?: string,
): boolean {
  return constantTimeEqual(signature, computeSignature(token, timestamp, nonce, encrypt));
}

/** Compares two strings in time independent of where they differ (length is not secret). */
export function constantTimeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/** Outcome of {@link checkTimestamp}: a value, since a stale push is an expected outcome. */
export type TimestampCheck = { ok: true; skewSeconds: number } | { ok: false; error: WechatError };

/**
 * Accepts a `timestamp` (seconds) within `windowSeconds` of `nowMs` either way, so that a
 * captured request cannot be replayed later.
 */
export function checkTimestamp(
  timestamp: string | undefined,
  nowMs: number,
  windowSeconds: number,
): TimestampCheck {
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, error: new WechatError('WECHAT_BAD_TIMESTAMP') };
  }
  const skewSeconds = Math.round(nowMs / 1000) - Number(timestamp);
  if (Math.abs(skewSeconds) > windowSeconds) {
    return { ok: false, error: new WechatError('WECHAT_STALE_TIMESTAMP', { skewSeconds }) };
  }
  return { ok: true, skewSeconds };
}

// The one-shot hash skips the Hash object a push would otherwise build twice.
function sha1Hex(text: string): string {
  return hash('sha1', text, 'hex');
}
