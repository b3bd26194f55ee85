import {
  queryParam,
  openPush,
  parseXmlRecord,
  type PushQuery,
  type XmlRecord,
} from '@oa-relay/wechat';
import type { QtResponseCode } from '@oa-relay/qt';
import type { SandboxAccounts } from './sandbox-accounts';

/** `weChatOAData` opened: the plaintext push, or the QT code that refuses it. */
export type WechatDataResult =
  | { ok: true; xml: string; record: XmlRecord; encrypted: boolean }
  | { ok: false; code: QtResponseCode };

/**
 * Reads `weChatOAData` as QT does: well-formed XML (107), a known account (108), a known
 * encryption type (109), and for an encrypted body WeChat's signatures and decryption with the
 * account's token and EncodingAESKey (108). `fields` carry WeChat's query parameters.
 */
export function readWechatData(
  data: string,
  appId: string,
  fields: PushQuery,
  accounts: SandboxAccounts,
): WechatDataResult {
  const outer = parseOrUndefined(data);
  if (!outer) return { ok: false, code: 'Httpapi_300_107' };
  const account = accounts.find(appId);
  if (!account) return { ok: false, code: 'Httpapi_300_108' };

  const encryptType = queryParam(fields, 'encrypt_type');
  if (encryptType !== undefined && encryptType !== 'aes' && encryptType !== 'raw') {
    return { ok: false, code: 'Httpapi_300_109' };
  }
  if (encryptType !== 'aes' && outer.Encrypt === undefined) {
    return { ok: true, xml: data, record: outer, encrypted: false };
  }

  const opened = openPush({ account: account.push, query: fields, body: data });
  if (!opened.ok) return { ok: false, code: 'Httpapi_300_108' };
  const record = parseOrUndefined(opened.xml);
  if (!record) return { ok: false, code: 'Httpapi_300_107' };
  return { ok: true, xml: opened.xml, record, encrypted: true };
}

function parseOrUndefined(xml: string): XmlRecord | undefined {
  try {
    return parseXmlRecord(xml);
  } catch {
    return undefined;
  }
}
