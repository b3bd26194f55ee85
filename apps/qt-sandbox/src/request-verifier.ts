import { mapPushToQtEvent, textAt, type QtEventCode } from '@oa-relay/events';
import {
  QT_RESPONSE_CODES,
  constantTimeHexEqual,
  signQtRequest,
  type QtResponseCode,
} from '@oa-relay/qt';
import type { AttributeValue } from '@oa-relay/events';
import type { SandboxAccounts } from './sandbox-accounts';
import { readWechatData } from './wechat-data.reader';

/** What the sandbox checks a request against: QT's server settings and the accounts. */
export interface VerifierContext {
  serviceId: string;
  serviceSecret: string;
  accounts: SandboxAccounts;
}

/** A push QT accepted, decoded, as the sandbox stores it. */
export interface AcceptedPush {
  appId: string;
  openId: string;
  /** CreateTime as WeChat wrote it, epoch seconds. */
  createTime: string;
  msgType: string;
  event?: string;
  /** MsgId (messages) or MsgID (send-result events). */
  msgId?: string;
  code: QtEventCode;
  attributes: Record<string, AttributeValue>;
  /** The plaintext push XML, decrypted when it came encrypted. */
  xml: string;
  encrypted: boolean;
}

/** QT's answer to one request, and the decoded push when it was accepted. */
export interface Verdict {
  code: QtResponseCode;
  message: string;
  push?: AcceptedPush;
}

const REQUIRED = ['sign', 'app_id', 'appkey', 'ts', 'code', 'weChatOAData'] as const;

/** Answers a request as section 3.4 of QT's reference says, checking in QT's order. */
export function verifyQtRequest(body: string, context: VerifierContext): Verdict {
  const fields = parseObject(body);
  if (!fields) return verdict('Httpapi_300_102');
  if (REQUIRED.some((name) => typeof fields[name] !== 'string' || fields[name] === '')) {
    return verdict('Httpapi_300_103');
  }
  const f = fields as Record<(typeof REQUIRED)[number], string> & Record<string, unknown>;
  if (f.app_id !== context.serviceId || !context.accounts.knowsAppkey(f.appkey)) {
    return verdict('Httpapi_300_106');
  }
  if (!signMatches(fields, f.sign, context.serviceSecret)) return verdict('Httpapi_300_101');

  const data = readWechatData(f.weChatOAData, f.code, stringFields(fields), context.accounts);
  if (!data.ok) return verdict(data.code);
  const mapped = mapPushToQtEvent(data.record);
  if (!mapped) return verdict('Httpapi_300_105');

  const { record } = data;
  const push: AcceptedPush = {
    appId: f.code,
    openId: textAt(record, ['FromUserName']) ?? '',
    createTime: textAt(record, ['CreateTime']) ?? '',
    msgType: textAt(record, ['MsgType']) ?? '',
    event: textAt(record, ['Event']),
    msgId: textAt(record, ['MsgId']) ?? textAt(record, ['MsgID']),
    code: mapped.code,
    attributes: mapped.attributes,
    xml: data.xml,
    encrypted: data.encrypted,
  };
  return { ...verdict('Httpapi_300_200'), push };
}

/** The answer for a code, with QT's message. */
export function verdict(code: QtResponseCode): Verdict {
  return { code, message: QT_RESPONSE_CODES[code].message };
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

// Only strings and lists of strings can have been signed the way QT signs; anything else
// cannot match, like a sign computed over different JSON.
function signMatches(fields: Record<string, unknown>, sign: string, secret: string): boolean {
  const signed: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'sign') continue;
    if (typeof value === 'string') signed[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      signed[name] = value;
    } else return false;
  }
  return constantTimeHexEqual(signQtRequest(signed, secret), sign);
}

function stringFields(fields: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string' || Array.isArray(value)) out[name] = value as string | string[];
  }
  return out;
}
