import type { PushQuery } from './push.opener';
import { queryParam } from './push.opener';
import { verifySignature } from './signature';
import { WechatError } from './wechat-error';

/** The answer to WeChat's URL check: `echostr`, to be echoed unchanged as text/plain. */
export type HandshakeResult = { ok: true; echostr: string } | { ok: false; error: WechatError };

/** Checks the handshake's `signature` (in every mode) and returns the `echostr` to echo. */
export function openHandshake(token: string, query: PushQuery): HandshakeResult {
  const signature = queryParam(query, 'signature');
  const timestamp = queryParam(query, 'timestamp');
  const nonce = queryParam(query, 'nonce');
  const echostr = queryParam(query, 'echostr');
  const missing = [signature, timestamp, nonce, echostr].some((v) => v === undefined);
  if (missing) return { ok: false, error: new WechatError('WECHAT_MISSING_PARAMETER') };

  if (!verifySignature(signature as string, token, timestamp as string, nonce as string)) {
    return { ok: false, error: new WechatError('WECHAT_BAD_SIGNATURE') };
  }
  return { ok: true, echostr: echostr as string };
}
