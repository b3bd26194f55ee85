import type { ManifestEntry } from '../manifest/manifest';

/** What the QT sandbox holds of one push: the fields that tell pushes apart. */
export interface StoredPush {
  appId: string;
  openId: string;
  createTime: string;
  msgType: string;
  event?: string;
  /** A top-level MsgId (messages) or MsgID (send-result events). */
  msgId?: string;
}

/** The outcome of comparing the manifest with what the sandbox holds. */
export interface MatchReport {
  total: number;
  found: number;
  missing: ManifestEntry[];
}

/**
 * Sender, second, type, event and id: every push the simulator sends differs from the others
 * in one of these, except events of one user in one second, which are counted, not keyed.
 */
export function matchKey(push: StoredPush | ManifestEntry): string {
  const { appId, openId, createTime, msgType, event, msgId } = push;
  return [appId, openId, createTime, msgType, event ?? '', msgId ?? ''].join('|');
}

/**
 * The acknowledged pushes the sandbox does not hold. Matching is by count per key, so that
 * two acknowledged events sharing a key need two stored ones; a push the pipeline delivered
 * twice (at least once) only ever adds to what is found.
 */
export function matchDelivered(
  entries: readonly ManifestEntry[],
  stored: Iterable<StoredPush>,
): MatchReport {
  const available = new Map<string, number>();
  for (const push of stored) {
    const key = matchKey(push);
    available.set(key, (available.get(key) ?? 0) + 1);
  }

  const missing: ManifestEntry[] = [];
  for (const entry of entries) {
    const key = matchKey(entry);
    const left = available.get(key) ?? 0;
    if (left > 0) available.set(key, left - 1);
    else missing.push(entry);
  }
  return { total: entries.length, found: entries.length - missing.length, missing };
}
