import { CodedError } from '@oa-relay/observability';

/**
 * Every stable code of the WeChat protocol library, with what it means. Codes are never reused;
 * messages never quote a key, token, signature or message body.
 */
export const WECHAT_ERROR_CODES = {
  WECHAT_BAD_AES_KEY: 'an EncodingAESKey is not 43 base64 characters decoding to 32 bytes',
  WECHAT_MISSING_PARAMETER: 'a query parameter the protocol requires is absent',
  WECHAT_BAD_SIGNATURE: '`signature` does not match token, timestamp and nonce',
  WECHAT_BAD_MSG_SIGNATURE: '`msg_signature` does not match token, timestamp, nonce and Encrypt',
  WECHAT_BAD_TIMESTAMP: '`timestamp` is not a number of seconds',
  WECHAT_STALE_TIMESTAMP: '`timestamp` lies outside the accepted window around now',
  WECHAT_BAD_ENCRYPT_TYPE: '`encrypt_type` names a scheme other than aes or raw',
  WECHAT_ENCRYPTION_REQUIRED: 'the account requires encryption and the push is plaintext',
  WECHAT_ENCRYPTION_NOT_CONFIGURED: 'the push is encrypted and the account has no EncodingAESKey',
  WECHAT_MISSING_ENCRYPT: 'an encrypted push has no Encrypt element',
  WECHAT_BAD_BASE64: 'Encrypt is not canonical base64',
  WECHAT_BAD_CIPHERTEXT: 'the ciphertext is not a whole number of AES blocks, or too short',
  WECHAT_BAD_PADDING: 'the decrypted PKCS#7 padding (32-byte blocks) is invalid',
  WECHAT_BAD_LENGTH: 'the decrypted message length runs past the plaintext',
  WECHAT_APPID_MISMATCH: 'the AppID inside the ciphertext is not the account AppID',
  WECHAT_XML_TOO_LARGE: 'the XML exceeds the size limit',
  WECHAT_XML_DOCTYPE: 'the XML carries a DOCTYPE or another markup declaration',
  WECHAT_XML_MALFORMED: 'the text is not well-formed XML with a single <xml> root',
  WECHAT_PUSH_INVALID: 'a push lacks a common field, or a known field has the wrong shape',
} as const;

/** A stable code of the WeChat protocol library. */
export type WechatErrorCode = keyof typeof WECHAT_ERROR_CODES;

/**
 * A failure of the WeChat protocol; `code` is stable, `fields` hold safe context only.
 * `detail`, for an error a human reads on one line (a refusal at boot), is a safe phrase
 * appended to the catalogue's message; it never holds a key, token, signature or body.
 */
export class WechatError extends CodedError<WechatErrorCode> {
  constructor(
    code: WechatErrorCode,
    fields: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown; detail?: string },
  ) {
    const message = WECHAT_ERROR_CODES[code];
    const detail = options?.detail;
    super(code, detail === undefined ? message : `${message} (${detail})`, fields, options);
  }
}

/** True for an error raised by this library. */
export function isWechatError(error: unknown): error is WechatError {
  return error instanceof WechatError;
}
