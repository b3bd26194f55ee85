import type { SeedAccount, SeedUser } from './sandbox-seed';
import { SandboxStats } from './sandbox-stats';
import type { SandboxSwitches } from './sandbox-switches';
import { SandboxTokens, type TokenLineage } from './sandbox-tokens';

/** A WeChat API answer: always HTTP 200, errors as `errcode`. */
export type WechatAnswer = Record<string, unknown>;

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40032: 'invalid openid list size',
  40125: 'invalid appsecret',
  41001: 'access_token missing',
  41009: 'missing openid',
  42001: 'access_token expired',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
};

/**
 * WeChat's token and user API as an in-memory state machine, seeded from a file. The HTTP
 * layer only translates requests; everything observable (expiry, grace, quotas, errcodes)
 * is here, with the clock injected so that specs can move time.
 */
export class WechatSandbox {
  readonly stats = new SandboxStats();
  private readonly accounts: Map<string, SeedAccount>;
  private readonly tokens: SandboxTokens;
  private readonly quotaUsed = new Map<string, number>();
  private busyLeft: number;

  constructor(
    seed: readonly SeedAccount[],
    readonly switches: SandboxSwitches,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    this.accounts = new Map(seed.map((a) => [a.appId, a]));
    this.busyLeft = switches.busyNext;
    this.tokens = new SandboxTokens(
      () => ({
        ttlMs: this.switches.tokenTtlSeconds * 1_000,
        graceMs: this.switches.tokenGraceSeconds * 1_000,
      }),
      now,
    );
  }

  /** `GET cgi-bin/token?grant_type=client_credential&appid&secret`. */
  token(query: Record<string, unknown>): WechatAnswer {
    this.stats.call('token', str(query.appid));
    return this.issueAnswer('token', query.grant_type, query.appid, query.secret, false);
  }

  /** `POST cgi-bin/stable_token {grant_type, appid, secret, force_refresh}`. */
  stableToken(body: Record<string, unknown>): WechatAnswer {
    this.stats.call('stable_token', str(body.appid));
    return this.issueAnswer(
      'stable',
      body.grant_type,
      body.appid,
      body.secret,
      body.force_refresh === true,
    );
  }

  /** `GET cgi-bin/user/info?access_token&openid&lang`. */
  userInfo(query: Record<string, unknown>): WechatAnswer {
    const check = this.tokens.check(str(query.access_token));
    this.stats.call('user_info', check.ok ? check.appId : undefined);
    if (!query.access_token) return this.fail(41001);
    if (!check.ok) return this.fail(check.errcode);
    if (!query.openid) return this.fail(41009);
    const busy = this.busy();
    if (busy) return busy;

    const user = this.user(check.appId, str(query.openid));
    return user ? this.describe(check.appId, user) : this.fail(40003);
  }

  /** `POST cgi-bin/user/info/batchget?access_token {user_list: [{openid, lang}]}`. */
  batchGet(query: Record<string, unknown>, body: Record<string, unknown>): WechatAnswer {
    const check = this.tokens.check(str(query.access_token));
    this.stats.call('batchget', check.ok ? check.appId : undefined);
    if (!query.access_token) return this.fail(41001);
    if (!check.ok) return this.fail(check.errcode);
    const list = body.user_list;
    if (!Array.isArray(list) || list.length === 0) return this.fail(44002);
    if (list.length > 100) return this.fail(40032);
    const busy = this.busy();
    if (busy) return busy;

    const users = list.map((item) =>
      this.user(check.appId, str((item as { openid?: unknown }).openid)),
    );
    // WeChat refuses the whole batch when one openid is not the account's follower.
    if (users.some((u) => !u)) return this.fail(40003);
    return { user_info_list: users.map((u) => this.describe(check.appId, u as SeedUser)) };
  }

  /** Makes a token invalid at once (tests: "WeChat dropped it"). */
  revoke(token: string): boolean {
    return this.tokens.revoke(token);
  }

  /** Applies a partial set of switches. */
  setSwitches(patch: Partial<SandboxSwitches>): SandboxSwitches {
    Object.assign(this.switches, patch);
    if (patch.busyNext !== undefined) this.busyLeft = patch.busyNext;
    return { ...this.switches, busyNext: this.busyLeft };
  }

  /** Forgets tokens, quotas and counters; switches stay as they are. */
  reset(): void {
    this.tokens.clear();
    this.quotaUsed.clear();
    this.stats.reset();
  }

  private issueAnswer(
    lineage: TokenLineage,
    grantType: unknown,
    appId: unknown,
    secret: unknown,
    force: boolean,
  ): WechatAnswer {
    if (grantType !== 'client_credential') return this.fail(40002);
    const account = this.accounts.get(str(appId) ?? '');
    if (!account) return this.fail(40013);
    if (secret !== account.appSecret) return this.fail(40125);
    const busy = this.busy();
    if (busy) return busy;

    if (lineage === 'stable' && !force) {
      const current = this.tokens.currentStable(account.appId);
      if (current) return { access_token: current.token, expires_in: current.expiresInSec };
    }
    if (!this.spendQuota(account.appId, lineage, force)) return this.fail(45009);
    const issued = this.tokens.issue(account.appId, lineage);
    this.stats.issued(account.appId);
    return { access_token: issued.token, expires_in: issued.expiresInSec };
  }

  private spendQuota(appId: string, lineage: TokenLineage, force: boolean): boolean {
    const kind = lineage === 'token' ? 'token' : force ? 'force' : 'stable';
    const limit = {
      token: this.switches.tokenDailyQuota,
      stable: this.switches.stableTokenDailyQuota,
      force: this.switches.forceRefreshDailyQuota,
    }[kind];
    const key = `${appId}:${kind}:${Math.floor(this.now() / 86_400_000)}`;
    const used = this.quotaUsed.get(key) ?? 0;
    if (used >= limit) return false;
    this.quotaUsed.set(key, used + 1);
    return true;
  }

  private busy(): WechatAnswer | undefined {
    if (this.busyLeft > 0) {
      this.busyLeft -= 1;
      return this.fail(-1);
    }
    return this.random() < this.switches.busyRate ? this.fail(-1) : undefined;
  }

  private user(appId: string, openid: string | undefined): SeedUser | undefined {
    return this.accounts.get(appId)?.users.find((u) => u.openid === openid);
  }

  private describe(appId: string, user: SeedUser): WechatAnswer {
    if (user.subscribe === 0) return { subscribe: 0, openid: user.openid };
    const bound = this.accounts.get(appId)?.openPlatform === true;
    return {
      subscribe: 1,
      openid: user.openid,
      language: user.language,
      subscribe_time: user.subscribeTime,
      ...(bound && user.unionid ? { unionid: user.unionid } : {}),
      remark: '',
      groupid: 0,
      tagid_list: [],
      subscribe_scene: user.subscribeScene,
      qr_scene: 0,
      qr_scene_str: '',
    };
  }

  private fail(errcode: number): WechatAnswer {
    this.stats.error(errcode);
    return { errcode, errmsg: ERRMSG[errcode] ?? 'error' };
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
