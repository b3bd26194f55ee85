import { requestJson, wechatErrcode, type FetchLike } from './http-json';
import type { AccessTokenClient } from './access-token-client';
import { TokenError } from './token-errors';

/** What WeChat said about one openid. A missing unionid is normal: no open platform binding. */
export type UnionIdLookup =
  | { openid: string; outcome: 'found'; subscribed: boolean; unionid?: string }
  | { openid: string; outcome: 'invalid-openid' }
  | { openid: string; outcome: 'not-returned' };

/** Settings of a {@link WechatUserApi}. */
export interface WechatUserApiOptions {
  wechatApiBaseUrl: string;
  fetch?: FetchLike;
  requestTimeoutMs?: number;
  /** Language of the answer's localised fields (`zh_CN`, `zh_TW`, `en`). */
  lang?: string;
}

/** `user/info/batchget` takes at most this many openids. */
export const BATCHGET_MAX_OPENIDS = 100;

/** Errcodes that mean the access_token itself is bad. */
export const TOKEN_REJECTED_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

type BatchAnswer = { kind: 'users'; list: unknown[] } | { kind: 'invalid-openid' };

/** WeChat's user API (`cgi-bin/user/info/batchget`) on top of the token client. */
export class WechatUserApi {
  constructor(
    private readonly tokens: Pick<AccessTokenClient, 'getToken' | 'reportRejected'>,
    private readonly options: WechatUserApiOptions,
  ) {}

  /**
   * Looks up unionids, 100 openids per request, joined by openid (never by position). An
   * invalid openid fails alone: a batch WeChat refuses with 40003 is split until it is found.
   * Throws a TokenError (`retriable` set) for busy, quota, timeouts and rejected tokens.
   */
  async batchGetUnionIds(
    appId: string,
    openids: readonly string[],
  ): Promise<ReadonlyMap<string, UnionIdLookup>> {
    const unique = [...new Set(openids)];
    const results = new Map<string, UnionIdLookup>();

    for (let i = 0; i < unique.length; i += BATCHGET_MAX_OPENIDS) {
      await this.lookup(appId, unique.slice(i, i + BATCHGET_MAX_OPENIDS), results);
    }
    return results;
  }

  private async lookup(
    appId: string,
    openids: string[],
    results: Map<string, UnionIdLookup>,
  ): Promise<void> {
    const answer = await this.batchGet(appId, openids);
    if (answer.kind === 'users') {
      joinByOpenid(openids, answer.list, results);
      return;
    }
    if (openids.length === 1) {
      results.set(openids[0], { openid: openids[0], outcome: 'invalid-openid' });
      return;
    }
    const half = Math.ceil(openids.length / 2);
    await this.lookup(appId, openids.slice(0, half), results);
    await this.lookup(appId, openids.slice(half), results);
  }

  // One request, and one more with a fresh token if WeChat rejected the first.
  private async batchGet(appId: string, openids: string[]): Promise<BatchAnswer> {
    const token = await this.tokens.getToken(appId);
    const body = await this.post(appId, token, openids);
    if (!TOKEN_REJECTED_ERRCODES.has(wechatErrcode(body))) return classify(appId, body);

    const fresh = await this.tokens.reportRejected(appId, token);
    const retried = await this.post(appId, fresh, openids);
    const errcode = wechatErrcode(retried);
    if (TOKEN_REJECTED_ERRCODES.has(errcode)) {
      throw new TokenError('WECHAT_API_TOKEN_REJECTED', 'WeChat rejected the replaced token too', {
        appId,
        errcode,
      });
    }
    return classify(appId, retried);
  }

  private async post(appId: string, token: string, openids: string[]): Promise<unknown> {
    const base = this.options.wechatApiBaseUrl.replace(/\/+$/, '');
    const url = `${base}/cgi-bin/user/info/batchget?access_token=${encodeURIComponent(token)}`;
    const lang = this.options.lang ?? 'zh_CN';
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_list: openids.map((openid) => ({ openid, lang })) }),
    };
    const answer = await requestJson(
      this.options.fetch ?? fetch,
      url,
      init,
      this.options.requestTimeoutMs ?? 5_000,
    );

    if (answer.kind === 'unreachable' || answer.status >= 500) {
      const reason = answer.kind === 'unreachable' ? answer.reason : `status ${answer.status}`;
      throw new TokenError('WECHAT_API_UNREACHABLE', 'WeChat user API unreachable', {
        appId,
        reason,
      });
    }
    if (answer.kind === 'not-json') {
      throw new TokenError('WECHAT_API_BAD_RESPONSE', 'WeChat user API did not answer JSON', {
        appId,
        status: answer.status,
      });
    }
    return answer.body;
  }
}

function classify(appId: string, body: unknown): BatchAnswer {
  const errcode = wechatErrcode(body);
  if (errcode === 40003) return { kind: 'invalid-openid' };
  if (errcode === -1) {
    throw new TokenError('WECHAT_API_BUSY', 'WeChat is busy', { appId, errcode });
  }
  if (errcode === 45009 || errcode === 45011) {
    throw new TokenError('WECHAT_API_QUOTA_EXCEEDED', 'WeChat API quota spent', { appId, errcode });
  }
  if (errcode !== 0) {
    throw new TokenError('WECHAT_API_ERROR', 'WeChat refused the user lookup', { appId, errcode });
  }

  const list = (body as { user_info_list?: unknown }).user_info_list;
  if (!Array.isArray(list)) {
    throw new TokenError('WECHAT_API_BAD_RESPONSE', 'answer has no user_info_list', { appId });
  }
  return { kind: 'users', list };
}

/** Joins WeChat's answer to the openids asked for, by openid. */
export function joinByOpenid(
  asked: readonly string[],
  list: readonly unknown[],
  results: Map<string, UnionIdLookup>,
): void {
  const wanted = new Set(asked);
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const { openid, subscribe, unionid } = item as Record<string, unknown>;
    if (typeof openid !== 'string' || !wanted.has(openid)) continue;
    results.set(openid, {
      openid,
      outcome: 'found',
      subscribed: subscribe === 1,
      ...(typeof unionid === 'string' && unionid.length > 0 ? { unionid } : {}),
    });
  }
  for (const openid of asked) {
    if (!results.has(openid)) results.set(openid, { openid, outcome: 'not-returned' });
  }
}
