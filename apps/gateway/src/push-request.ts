import type { IncomingMessage } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { QueryParams } from '@oa-relay/events';
import { plainQuery } from './raw-envelope';

/** `POST /wechat/:appId`, with or without a query string; nothing after the AppID. */
const PUSH_URL = /^\/wechat\/([^/?]+)(?:\?(.*))?$/s;

/** What the request line of a push says: the account it is for and its query parameters. */
export interface PushRequestLine {
  appId: string;
  query: QueryParams;
}

/** A body read within the limit, or why there is none. */
export type BodyResult =
  { ok: true; body: string } | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * The AppID and query of a WeChat push; undefined for every other request (another method or
 * path, or an AppID that is not valid percent-encoding), which the framework then answers.
 */
export function matchPushRequest(
  method: string | undefined,
  url: string | undefined,
): PushRequestLine | undefined {
  if (method !== 'POST' || url === undefined) return undefined;
  const match = PUSH_URL.exec(url);
  if (match === null) return undefined;

  const appId = decodeSegment(match[1]);
  if (appId === undefined) return undefined;
  return { appId, query: plainQuery(parseQueryString(match[2] ?? '')) };
}

/**
 * Reads a request body as UTF-8 text, exactly as sent. A declared or streamed length over
 * `limitBytes` stops the read at once: the caller answers 413 and closes the connection.
 */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  if (Number(request.headers['content-length']) > limitBytes) {
    return Promise.resolve({ ok: false, reason: 'too-large' });
  }

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const settle = (result: BodyResult): void => {
      request.off('data', onData).off('end', onEnd).off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length > limitBytes) settle({ ok: false, reason: 'too-large' });
      else chunks.push(chunk);
    };
    const onEnd = (): void => settle({ ok: true, body: Buffer.concat(chunks).toString('utf8') });
    const onClose = (): void => settle({ ok: false, reason: 'aborted' });

    request.on('data', onData).on('end', onEnd).on('close', onClose);
    // A reset connection surfaces as 'close' (handled above); 'error' must not go unheard.
    request.on('error', () => undefined);
  });
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
