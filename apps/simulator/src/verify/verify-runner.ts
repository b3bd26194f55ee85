import { isCodedError } from '@oa-relay/observability';
import type { ManifestEntry } from '../manifest/manifest';
import { matchDelivered, type MatchReport, type StoredPush } from './verify-matcher';

/** The CreateTimes (epoch seconds, both ends included) of one account's pushes in a manifest. */
export interface CreateTimeWindow {
  since: number;
  until: number;
}

/**
 * Reads what the sandbox holds for one account, pushes created within `window`. The upper end
 * matters as much as the lower: traffic sent after the manifest's (a later `load`) would
 * otherwise fill the newest-first page the sandbox answers and push the manifest's out of it.
 */
export type StoredPushReader = (appId: string, window: CreateTimeWindow) => Promise<StoredPush[]>;

/** How long and how often {@link verifyDelivery} looks. */
export interface VerifyOptions {
  timeoutMs: number;
  intervalMs: number;
  /** Called after every look, e.g. to print progress. */
  onCheck?: (report: VerifyReport) => void;
}

/** The match, and why the last look could not read the sandbox, if it could not. */
export interface VerifyReport extends MatchReport {
  readError?: string;
}

/**
 * Waits until the sandbox holds every acknowledged push or the deadline passes, and says what
 * is missing then. A failed read counts as a look that found nothing new.
 */
export async function verifyDelivery(
  entries: readonly ManifestEntry[],
  read: StoredPushReader,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const deadline = Date.now() + options.timeoutMs;
  const byAccount = groupByAccount(entries);
  const stored = new Map<string, StoredPush[]>();

  for (;;) {
    const readError = await readAll(byAccount, read, stored);
    const report = { ...matchDelivered(entries, [...stored.values()].flat()), readError };
    options.onCheck?.(report);
    if (report.missing.length === 0 || Date.now() >= deadline) return report;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}

function groupByAccount(entries: readonly ManifestEntry[]): Map<string, CreateTimeWindow> {
  const windows = new Map<string, CreateTimeWindow>();
  for (const entry of entries) {
    const time = Number(entry.createTime);
    const window = windows.get(entry.appId) ?? { since: time, until: time };
    windows.set(entry.appId, {
      since: Math.min(window.since, time),
      until: Math.max(window.until, time),
    });
  }
  return windows;
}

/** Refreshes `stored` per account; an account whose read fails keeps what it had. */
async function readAll(
  windows: ReadonlyMap<string, CreateTimeWindow>,
  read: StoredPushReader,
  stored: Map<string, StoredPush[]>,
): Promise<string | undefined> {
  let readError: string | undefined;
  for (const [appId, window] of windows) {
    try {
      stored.set(appId, await read(appId, window));
    } catch (error) {
      readError = describeError(error);
    }
  }
  return readError;
}

function describeError(error: unknown): string {
  if (isCodedError(error)) return `${error.code} ${JSON.stringify(error.fields)}`;
  return error instanceof Error ? error.message : String(error);
}
