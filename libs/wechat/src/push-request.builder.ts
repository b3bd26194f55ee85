import { randomInt } from 'node:crypto';
import type { PushMode } from './push.opener';
import { computeSignature } from './signature';
import { WechatCrypto } from './wechat-crypto';
import { cdata } from './xml-text';
import { parseXmlRecord } from './xml-record.parser';
import type { XmlRecord } from './xml-value';

/** What {@link buildPushRequest} needs; encodingAESKey only for compatible and safe mode. */
export interface PushRequestInput {
  appId: string;
  token: string;
  encodingAESKey?: string;
  mode: PushMode;
  /** The plaintext push. */
  xml: string;
  timestamp?: string;
  nonce?: string;
  /** 16 bytes, for known-answer tests only. */
  random?: Buffer;
}

/** A push request as WeChat sends it: query parameters and the exact body. */
export interface PushRequest {
  query: Record<string, string>;
  body: string;
}

/**
 * Builds a push request exactly as WeChat sends it in each mode, for the simulator and tests:
 * plaintext as is; compatible mode adds Encrypt beside the plaintext; safe mode sends
 * ToUserName and Encrypt only. Encrypted requests carry `encrypt_type=aes` and `msg_signature`.
 */
export function buildPushRequest(input: PushRequestInput): PushRequest {
  const timestamp = input.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = input.nonce ?? String(randomInt(100_000_000, 2_000_000_000));
  const record = readRecord(input.xml);
  const query: Record<string, string> = {
    signature: computeSignature(input.token, timestamp, nonce),
    timestamp,
    nonce,
  };
  if (typeof record.FromUserName === 'string') query.openid = record.FromUserName;
  if (input.mode === 'plaintext') return { query, body: input.xml };

  if (input.encodingAESKey === undefined) {
    throw new RangeError('an EncodingAESKey is needed for compatible and safe mode');
  }
  const crypto = new WechatCrypto({
    appId: input.appId,
    token: input.token,
    encodingAESKey: input.encodingAESKey,
  });
  const encrypt = crypto.encrypt(input.xml, input.random);
  query.encrypt_type = 'aes';
  query.msg_signature = crypto.msgSignature(timestamp, nonce, encrypt);
  return { query, body: envelope(input.mode, input.xml, record.ToUserName, encrypt) };
}

/** The push's fields when it is XML; tests also seal non-XML text to exercise refusals. */
function readRecord(xml: string): XmlRecord {
  try {
    return parseXmlRecord(xml);
  } catch {
    return {};
  }
}

function envelope(mode: PushMode, xml: string, toUserName: unknown, encrypt: string): string {
  const encryptElement = `<Encrypt>${cdata(encrypt)}</Encrypt>`;
  if (mode === 'compatible') {
    const found = xml.lastIndexOf('</xml>');
    const end = found === -1 ? xml.length : found;
    return `${xml.slice(0, end)}${encryptElement}${xml.slice(end)}`;
  }
  const to = typeof toUserName === 'string' ? `<ToUserName>${cdata(toUserName)}</ToUserName>` : '';
  return `<xml>${to}${encryptElement}</xml>`;
}
