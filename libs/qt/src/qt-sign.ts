import { createHash, timingSafeEqual } from 'node:crypto';
import { serializeFastjsonSorted, type FastjsonMap } from './fastjson-serializer';

// Java's UTF-8 encoder writes '?' for an unpaired surrogate where Node writes U+FFFD.
const LONE_SURROGATE = /\p{Surrogate}/gu;

/** The bytes Java's `String.getBytes()` gives for `text` when the default charset is UTF-8. */
export function javaUtf8Bytes(text: string): Buffer {
  return Buffer.from(text.replace(LONE_SURROGATE, '?'), 'utf8');
}

/** MD5 as QT's MD5Util computes it: lower-case hex of the digest of the UTF-8 bytes. */
export function md5Hex(text: string): string {
  return createHash('md5').update(javaUtf8Bytes(text)).digest('hex');
}

/**
 * QT's sign (section 3.3 of the reference): MD5 of the key-sorted fastjson JSON of every field
 * except `sign`, followed by the ServiceSecret.
 */
export function signQtRequest(fields: FastjsonMap, serviceSecret: string): string {
  const { sign: _ignored, ...signed } = fields;
  return md5Hex(serializeFastjsonSorted(signed) + serviceSecret);
}

/** Compares two signs without leaking, through timing, how much of a forgery was right. */
export function constantTimeHexEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
