import { StableTokenSource, parseTokenAnswer, tokenErrcodeCode } from './stable-token-source';

describe(StableTokenSource.name, () => {
  it('posts the documented body in normal mode', async () => {
    const requests: { url: string; body: unknown }[] = [];
    const fetchImpl = ((url: string, init: RequestInit) => {
      requests.push({ url, body: JSON.parse(init.body as string) });
      return Promise.resolve(new Response(JSON.stringify({ access_token: 'T', expires_in: 7200 })));
    }) as typeof fetch;
    const source = new StableTokenSource('wx1', 's3cret', 'http://wx.test/', fetchImpl, 1_000);

    await expect(source.fetch()).resolves.toEqual({ token: 'T', expiresInSec: 7200 });
    expect(requests).toEqual([
      {
        url: 'http://wx.test/cgi-bin/stable_token',
        body: {
          grant_type: 'client_credential',
          appid: 'wx1',
          secret: 's3cret',
          force_refresh: false,
        },
      },
    ]);
  });

  it('never puts the secret in the error it throws', async () => {
    const answer = JSON.stringify({ errcode: 40125, errmsg: 'invalid appsecret' });
    const fetchImpl = (() => Promise.resolve(new Response(answer))) as typeof fetch;
    const source = new StableTokenSource('wx1', 's3cret', 'http://wx.test', fetchImpl, 1_000);

    const error: unknown = await source.fetch().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TOKEN_CREDENTIALS_REJECTED', retriable: false });
    expect(JSON.stringify(error) + String(error)).not.toContain('s3cret');
  });

  describe('errcode classification', () => {
    it.each([
      [-1, 'TOKEN_WECHAT_BUSY'],
      [45009, 'TOKEN_QUOTA_EXCEEDED'],
      [40013, 'TOKEN_CREDENTIALS_REJECTED'],
      [40164, 'TOKEN_CREDENTIALS_REJECTED'],
      [12345, 'TOKEN_SOURCE_BAD_RESPONSE'],
    ])('maps errcode %d to %s', (errcode, code) => {
      expect(tokenErrcodeCode(errcode)).toBe(code);
    });
  });

  it('refuses an answer without a token', () => {
    expect(() => parseTokenAnswer({ expires_in: 7200 }, {})).toThrow('without a token');
  });
});
