import { randomBytes } from 'node:crypto';

/** The two independent token lineages: `cgi-bin/token` and `cgi-bin/stable_token`. */
export type TokenLineage = 'token' | 'stable';

interface IssuedToken {
  appId: string;
  lineage: TokenLineage;
  expiresAt: number;
  /** Cut short by a newer fetch (or revoked), as opposed to reaching its natural end. */
  superseded: boolean;
}

/** The outcome of presenting a token: its account, or WeChat's errcode. */
export type TokenCheck = { ok: true; appId: string } | { ok: false; errcode: 40001 | 42001 };

/** Lifetimes of sandbox tokens, in milliseconds. */
export interface TokenTimings {
  ttlMs: number;
  /** How long a superseded token keeps working: WeChat's five minutes. */
  graceMs: number;
}

/**
 * Issues and checks tokens as WeChat documents: a `cgi-bin/token` fetch always issues a new
 * token and cuts the previous one to the grace period; `stable_token` in normal mode hands out
 * the same token until its last grace period (five minutes), when it issues the next one and
 * the old one works to its end; force_refresh behaves like a `cgi-bin/token` fetch.
 */
export class SandboxTokens {
  private readonly issued = new Map<string, IssuedToken>();
  private readonly current = new Map<string, string>();

  constructor(
    private readonly timings: () => TokenTimings,
    private readonly now: () => number,
  ) {}

  /** A new token for the lineage; the one it replaces keeps working for the grace period. */
  issue(appId: string, lineage: TokenLineage): { token: string; expiresInSec: number } {
    const { ttlMs, graceMs } = this.timings();
    const key = `${appId}:${lineage}`;
    const previous = this.issued.get(this.current.get(key) ?? '');
    if (previous && previous.expiresAt > this.now() + graceMs) {
      previous.expiresAt = this.now() + graceMs;
      previous.superseded = true;
    }

    const token = randomBytes(60).toString('base64url');
    this.issued.set(token, { appId, lineage, expiresAt: this.now() + ttlMs, superseded: false });
    this.current.set(key, token);
    return { token, expiresInSec: Math.round(ttlMs / 1_000) };
  }

  /**
   * The stable lineage's token with its remaining lifetime, while more than the grace period
   * is left of it; none in its last minutes, so that normal mode hands out the next one early.
   */
  currentStable(appId: string): { token: string; expiresInSec: number } | undefined {
    const token = this.current.get(`${appId}:stable`);
    const entry = token ? this.issued.get(token) : undefined;
    if (!token || !entry || entry.expiresAt <= this.now() + this.timings().graceMs) {
      return undefined;
    }
    return { token, expiresInSec: Math.max(1, Math.floor((entry.expiresAt - this.now()) / 1_000)) };
  }

  /** Checks a presented token: 40001 for unknown or superseded ones, 42001 for expired ones. */
  check(token: string | undefined): TokenCheck {
    const entry = token ? this.issued.get(token) : undefined;
    if (!entry) return { ok: false, errcode: 40001 };
    if (entry.expiresAt <= this.now())
      return { ok: false, errcode: entry.superseded ? 40001 : 42001 };
    return { ok: true, appId: entry.appId };
  }

  /** Makes a token invalid at once, as if WeChat had dropped it. */
  revoke(token: string): boolean {
    const entry = this.issued.get(token);
    if (!entry) return false;
    entry.expiresAt = this.now();
    entry.superseded = true;
    return true;
  }

  /** Forgets every token. */
  clear(): void {
    this.issued.clear();
    this.current.clear();
  }
}
