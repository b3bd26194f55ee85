import { WechatUserApi } from './wechat-user-api';

type Answer = (token: string, openids: string[]) => unknown;

function fakeWechat(answer: Answer) {
  const calls: { token: string; openids: string[] }[] = [];
  const fetchImpl = ((url: string, init: RequestInit) => {
    const token = new URL(url).searchParams.get('access_token') ?? '';
    const { user_list } = JSON.parse(init.body as string) as { user_list: { openid: string }[] };
    const openids = user_list.map((u) => u.openid);
    calls.push({ token, openids });
    return Promise.resolve(new Response(JSON.stringify(answer(token, openids))));
  }) as typeof fetch;
  return { calls, fetchImpl };
}

function fakeTokens(current = 'T1', replacement = 'T2') {
  const reported: string[] = [];
  return {
    reported,
    getToken: () => Promise.resolve(current),
    reportRejected: (_appId: string, token: string) => {
      reported.push(token);
      return Promise.resolve(replacement);
    },
  };
}

const user = (openid: string, unionid?: string) => ({ subscribe: 1, openid, unionid });

describe(WechatUserApi.name, () => {
  describe('joining the answer', () => {
    it('joins by openid even when WeChat answers in another order', async () => {
      const wechat = fakeWechat((_t, ids) => ({
        user_info_list: [...ids].reverse().map((id) => user(id, `u-${id}`)),
      }));
      const api = new WechatUserApi(fakeTokens(), {
        wechatApiBaseUrl: 'http://wx.test',
        fetch: wechat.fetchImpl,
      });

      const results = await api.batchGetUnionIds('wx1', ['a', 'b', 'a']);

      expect(results.get('a')).toEqual({
        openid: 'a',
        outcome: 'found',
        subscribed: true,
        unionid: 'u-a',
      });
      expect(results.get('b')).toMatchObject({ unionid: 'u-b' });
      expect(wechat.calls).toHaveLength(1);
      expect(wechat.calls[0].openids).toEqual(['a', 'b']);
    });

    it('reports no unionid and not subscribed as normal answers', async () => {
      const wechat = fakeWechat(() => ({
        user_info_list: [{ subscribe: 0, openid: 'gone' }, user('unbound')],
      }));
      const api = new WechatUserApi(fakeTokens(), {
        wechatApiBaseUrl: 'http://wx.test',
        fetch: wechat.fetchImpl,
      });

      const results = await api.batchGetUnionIds('wx1', ['gone', 'unbound', 'missing']);

      expect(results.get('gone')).toEqual({ openid: 'gone', outcome: 'found', subscribed: false });
      expect(results.get('unbound')).toEqual({
        openid: 'unbound',
        outcome: 'found',
        subscribed: true,
      });
      expect(results.get('missing')).toEqual({ openid: 'missing', outcome: 'not-returned' });
    });

    it('asks at most 100 openids per request', async () => {
      const wechat = fakeWechat((_t, ids) => ({ user_info_list: ids.map((id) => user(id)) }));
      const api = new WechatUserApi(fakeTokens(), {
        wechatApiBaseUrl: 'http://wx.test',
        fetch: wechat.fetchImpl,
      });
      const openids = Array.from({ length: 250 }, (_, i) => `o${i}`);

      const results = await api.batchGetUnionIds('wx1', openids);

      expect(wechat.calls.map((c) => c.openids.length)).toEqual([100, 100, 50]);
      expect(results.size).toBe(250);
    });
  });

  describe('an invalid openid (40003)', () => {
    it('fails only that openid, the others are still looked up', async () => {
      const wechat = fakeWechat((_t, ids) =>
        ids.includes('bad')
          ? { errcode: 40003, errmsg: 'invalid openid' }
          : { user_info_list: ids.map((id) => user(id, `u-${id}`)) },
      );
      const api = new WechatUserApi(fakeTokens(), {
        wechatApiBaseUrl: 'http://wx.test',
        fetch: wechat.fetchImpl,
      });
      const openids = ['a', 'b', 'c', 'bad', 'd', 'e', 'f'];

      const results = await api.batchGetUnionIds('wx1', openids);

      expect(results.get('bad')).toEqual({ openid: 'bad', outcome: 'invalid-openid' });
      for (const id of openids.filter((o) => o !== 'bad')) {
        expect(results.get(id)).toMatchObject({ outcome: 'found', unionid: `u-${id}` });
      }
      expect(wechat.calls.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(openids.length)));
    });
  });

  describe('a rejected token', () => {
    it.each([40001, 40014, 42001])(
      'reports errcode %d once and retries with the replacement',
      async (errcode) => {
        const wechat = fakeWechat((token, ids) =>
          token === 'T1' ? { errcode } : { user_info_list: ids.map((id) => user(id, 'u')) },
        );
        const tokens = fakeTokens('T1', 'T2');
        const api = new WechatUserApi(tokens, {
          wechatApiBaseUrl: 'http://wx.test',
          fetch: wechat.fetchImpl,
        });

        const results = await api.batchGetUnionIds('wx1', ['a']);

        expect(results.get('a')).toMatchObject({ outcome: 'found', unionid: 'u' });
        expect(tokens.reported).toEqual(['T1']);
        expect(wechat.calls.map((c) => c.token)).toEqual(['T1', 'T2']);
      },
    );

    it('gives up with a retriable error when the replacement is rejected too', async () => {
      const wechat = fakeWechat(() => ({ errcode: 40001 }));
      const tokens = fakeTokens('T1', 'T2');
      const api = new WechatUserApi(tokens, {
        wechatApiBaseUrl: 'http://wx.test',
        fetch: wechat.fetchImpl,
      });

      await expect(api.batchGetUnionIds('wx1', ['a'])).rejects.toMatchObject({
        code: 'WECHAT_API_TOKEN_REJECTED',
        retriable: true,
      });
      expect(tokens.reported).toEqual(['T1']);
      expect(wechat.calls).toHaveLength(2);
    });
  });

  describe('errors', () => {
    it.each([
      [-1, 'WECHAT_API_BUSY', true],
      [45009, 'WECHAT_API_QUOTA_EXCEEDED', true],
      [48001, 'WECHAT_API_ERROR', false],
    ])('classifies errcode %d as %s', async (errcode, code, retriable) => {
      const wechat = fakeWechat(() => ({ errcode }));
      const api = new WechatUserApi(fakeTokens(), {
        wechatApiBaseUrl: 'http://wx.test',
        fetch: wechat.fetchImpl,
      });

      await expect(api.batchGetUnionIds('wx1', ['a'])).rejects.toMatchObject({ code, retriable });
    });

    it('classifies a timeout as retriable', async () => {
      const hanging = ((_url: string, init: RequestInit) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
        })) as typeof fetch;
      const api = new WechatUserApi(fakeTokens(), {
        wechatApiBaseUrl: 'http://wx.test',
        fetch: hanging,
        requestTimeoutMs: 20,
      });

      await expect(api.batchGetUnionIds('wx1', ['a'])).rejects.toMatchObject({
        code: 'WECHAT_API_UNREACHABLE',
        retriable: true,
        fields: { reason: 'timeout' },
      });
    });
  });
});
