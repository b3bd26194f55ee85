import { SimError } from '../sim-error';
import type { StoredPush } from './verify-matcher';
import type { StoredPushReader } from './verify-runner';
import { topLevelFields } from '../pushes/top-level-fields';

/** The QT sandbox's cap on `limit` in GET /events. */
const SANDBOX_MAX_LIMIT = 200_000;

/**
 * Reads the QT sandbox's GET /events for one account within a CreateTime window. Each stored event
 * carries appId, openId, createTime, msgType, event and msgId beside the decoded XML; the XML
 * fills in any of them an older sandbox did not store.
 */
export function createSandboxReader(baseUrl: string, expected: number): StoredPushReader {
  const base = baseUrl.replace(/\/+$/, '');
  const limit = Math.min(SANDBOX_MAX_LIMIT, expected * 2 + 1_000);
  return async (appId, window) => {
    const query = new URLSearchParams({
      account: appId,
      since: String(window.since),
      until: String(window.until),
      limit: String(limit),
    });
    const response = await fetch(`${base}/events?${query.toString()}`, {
      signal: AbortSignal.timeout(10_000),
    }).catch((error: unknown) => {
      const cause =
        error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
      throw new SimError('SIM_SANDBOX_UNREACHABLE', { reason: cause?.code ?? 'no answer' });
    });
    const events: unknown = response.ok ? await response.json() : undefined;
    if (!Array.isArray(events)) {
      throw new SimError('SIM_SANDBOX_UNREACHABLE', { status: response.status });
    }
    return events.flatMap((event) => toStoredPush(event, appId));
  };
}

/** One sandbox event as the matcher needs it; nothing for a value that is not an event. */
export function toStoredPush(event: unknown, appId: string): StoredPush[] {
  if (typeof event !== 'object' || event === null) return [];
  const e = event as Record<string, unknown>;
  const xml = typeof e.xml === 'string' ? topLevelFields(e.xml) : {};
  const text = (value: unknown, fallback: string | undefined) =>
    typeof value === 'string' && value !== '' ? value : fallback;

  const openId = text(e.openId, xml.FromUserName);
  const createTime = text(e.createTime, xml.CreateTime);
  const msgType = text(e.msgType, xml.MsgType);
  if (!openId || !createTime || !msgType) return [];
  return [
    {
      appId: text(e.appId, appId)!,
      openId,
      createTime,
      msgType,
      event: text(e.event, xml.Event),
      msgId: text(e.msgId, xml.MsgId ?? xml.MsgID),
    },
  ];
}
