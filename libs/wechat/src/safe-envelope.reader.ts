import type { XmlRecord } from './xml-value';

/**
 * The exact shape of WeChat's safe-mode body: ToUserName (optional here) then Encrypt, each
 * in CDATA or bare, nothing else. Anchored at both ends with restricted character classes, a
 * match is well-formed XML by construction, so the general parser can be skipped for it.
 */
const SAFE_ENVELOPE =
  /^\s*<xml>\s*(?:<ToUserName>(?:<!\[CDATA\[([\w@.-]*)\]\]>|([\w@.-]*))<\/ToUserName>\s*)?<Encrypt>(?:<!\[CDATA\[([A-Za-z0-9+/=]*)\]\]>|([A-Za-z0-9+/=]*))<\/Encrypt>\s*<\/xml>\s*$/;

/**
 * Reads a safe-mode envelope without the general XML parser: the one shape every encrypted
 * push of a busy account has. Returns undefined for anything else, which the caller then
 * parses in full; the result is what parseXmlRecord would return for the same text.
 */
export function readSafeEnvelope(body: string): XmlRecord | undefined {
  const match = SAFE_ENVELOPE.exec(body);
  if (match === null) return undefined;
  const toUserName = match[1] ?? match[2];
  const encrypt = match[3] ?? match[4];
  const record: XmlRecord = {};
  if (toUserName) record.ToUserName = toUserName;
  if (encrypt) record.Encrypt = encrypt;
  return record;
}
