import { WechatSandbox } from './wechat-sandbox';
import type { SeedAccount } from './sandbox-seed';
import type { SandboxSwitches } from './sandbox-switches';

const seed: SeedAccount[] = [
  {
    appId: 'wxbound',
    appSecret: 'secret-b',
    openPlatform: true,
    users: [
      {
        openid: 'o1',
        unionid: 'u1',
        subscribe: 1,
        subscribeTime: 1,
        language: 'zh_CN',
        subscribeScene: 'ADD_SCENE_QR_CODE',
      },
      {
        openid: 'o2',
        unionid: 'u2',
        subscribe: 0,
        subscribeTime: 1,
        language: 'zh_CN',
        subscribeScene: 'ADD_SCENE_QR_CODE',
      },
    ],
  },
  {
    appId: 'wxunbound',
    appSecret: 'secret-u',
    openPlatform: false,
    users: [
      {
        openid: 'o3',
        unionid: 'u3',
        subscribe: 1,
        subscribeTime: 1,
        language: 'en',
        subscribeScene: 'ADD_SCENE_SEARCH',
      },
    ],
  },
];

function switches(overrides: Partial<SandboxSwitches> = {}): SandboxSwitches {
  return {
    latencyMs: 0,
    busyNext: 0,
    busyRate: 0,
    outage: false,
    tokenDailyQuota: 2_000,
    stableTokenDailyQuota: 500_000,
    forceRefreshDailyQuota: 20,
    tokenTtlSeconds: 7_200,
    tokenGraceSeconds: 300,
    ...overrides,
  };
}

function setup(overrides: Partial<SandboxSwitches> = {}) {
  const clock = { now: 1_000_000_000_000 };
  const sandbox = new WechatSandbox(
    seed,
    switches(overrides),
    () => clock.now,
    () => 0.5,
  );
  const fetchToken = (appid = 'wxbound', secret = 'secret-b') =>
    sandbox.token({ grant_type: 'client_credential', appid, secret });
  const stable = (force = false, appid = 'wxbound') =>
    sandbox.stableToken({
      grant_type: 'client_credential',
      appid,
      secret: appid === 'wxbound' ? 'secret-b' : 'secret-u',
      force_refresh: force,
    });
  const info = (token: unknown, openid = 'o1') => sandbox.userInfo({ access_token: token, openid });
  return { clock, sandbox, fetchToken, stable, info };
}

describe(WechatSandbox.name, () => {
  describe('cgi-bin/token', () => {
    it('issues a token that lives two hours and then answers 42001', () => {
      const { clock, fetchToken, info } = setup();
      const { access_token, expires_in } = fetchToken();

      expect(expires_in).toBe(7_200);
      expect(info(access_token)).toMatchObject({ subscribe: 1, openid: 'o1' });
      clock.now += 7_200_000;
      expect(info(access_token)).toMatchObject({ errcode: 42001 });
    });

    it('keeps the previous token working five minutes after a new fetch, then 40001', () => {
      const { clock, fetchToken, info } = setup();
      const first = fetchToken().access_token;
      const second = fetchToken().access_token;

      expect(second).not.toBe(first);
      clock.now += 299_000;
      expect(info(first)).toMatchObject({ subscribe: 1 });
      clock.now += 1_000;
      expect(info(first)).toMatchObject({ errcode: 40001 });
      expect(info(second)).toMatchObject({ subscribe: 1 });
    });

    it('answers 40001 for a token it never issued', () => {
      expect(setup().info('made-up')).toMatchObject({ errcode: 40001 });
    });

    it('answers 45009 once the daily quota is spent, and again the next day', () => {
      const { clock, fetchToken } = setup({ tokenDailyQuota: 2 });
      fetchToken();
      fetchToken();

      expect(fetchToken()).toMatchObject({ errcode: 45009 });
      clock.now += 86_400_000;
      expect(fetchToken()).toHaveProperty('access_token');
    });

    it('refuses a wrong secret and an unknown appid', () => {
      const { fetchToken } = setup();

      expect(fetchToken('wxbound', 'nope')).toMatchObject({ errcode: 40125 });
      expect(fetchToken('wxnobody', 'x')).toMatchObject({ errcode: 40013 });
    });
  });

  describe('cgi-bin/stable_token', () => {
    it('hands out the same token while it is valid in normal mode, with the remaining lifetime', () => {
      const { clock, sandbox, stable } = setup();
      const first = stable();
      clock.now += 1_000_000;
      const again = stable();

      expect(again.access_token).toBe(first.access_token);
      expect(again.expires_in).toBe(6_200);
      expect(sandbox.stats.snapshot().tokensIssued.wxbound).toBe(1);
    });

    it('issues the next token in normal mode in the last five minutes, the old one still working', () => {
      const { clock, sandbox, stable, info } = setup();
      const first = stable().access_token;
      clock.now += 7_200_000 - 299_000;

      const next = stable();

      expect(next.access_token).not.toBe(first);
      expect(next.expires_in).toBe(7_200);
      expect(stable().access_token).toBe(next.access_token);
      expect(info(first)).toMatchObject({ subscribe: 1 });
      clock.now += 300_000;
      expect(info(first)).toMatchObject({ errcode: 42001 });
      expect(sandbox.stats.snapshot().tokensIssued.wxbound).toBe(2);
    });

    it('issues a new token in normal mode once the old one expired', () => {
      const { clock, stable } = setup();
      const first = stable().access_token;
      clock.now += 7_200_000;

      expect(stable().access_token).not.toBe(first);
    });

    it('issues a new token on force_refresh, at most the daily force quota', () => {
      const { stable } = setup({ forceRefreshDailyQuota: 1 });
      const first = stable().access_token;

      expect(stable(true).access_token).not.toBe(first);
      expect(stable(true)).toMatchObject({ errcode: 45009 });
    });

    it('is independent of cgi-bin/token', () => {
      const { fetchToken, stable, info } = setup();
      const stableToken = stable().access_token;
      fetchToken();
      fetchToken();

      expect(info(stableToken)).toMatchObject({ subscribe: 1 });
    });
  });

  describe('user/info/batchget', () => {
    it('answers subscribe 0 and no unionid for a user who does not follow', () => {
      const { sandbox, stable } = setup();
      const token = stable().access_token;

      const answer = sandbox.batchGet(
        { access_token: token },
        { user_list: [{ openid: 'o1' }, { openid: 'o2' }] },
      );

      expect(answer).toEqual({
        user_info_list: [
          expect.objectContaining({ openid: 'o1', subscribe: 1, unionid: 'u1' }),
          { openid: 'o2', subscribe: 0 },
        ],
      });
    });

    it('returns no unionid for an account not bound to an open platform', () => {
      const { sandbox, stable } = setup();
      const token = stable(false, 'wxunbound').access_token;

      const answer = sandbox.batchGet({ access_token: token }, { user_list: [{ openid: 'o3' }] });

      expect(answer.user_info_list).toEqual([
        expect.not.objectContaining({ unionid: expect.anything() }),
      ]);
    });

    it('refuses more than 100 openids', () => {
      const { sandbox, stable } = setup();
      const user_list = Array.from({ length: 101 }, () => ({ openid: 'o1' }));

      expect(
        sandbox.batchGet({ access_token: stable().access_token }, { user_list }),
      ).toMatchObject({ errcode: 40032 });
    });

    it("refuses a batch holding an openid that is not the account's follower", () => {
      const { sandbox, stable } = setup();
      const user_list = [{ openid: 'o1' }, { openid: 'o3' }];

      expect(
        sandbox.batchGet({ access_token: stable().access_token }, { user_list }),
      ).toMatchObject({ errcode: 40003 });
    });
  });

  describe('switches', () => {
    it('answers -1 for the next N calls, then normally', () => {
      const { sandbox, stable, info } = setup();
      const token = stable().access_token;
      sandbox.setSwitches({ busyNext: 2 });

      expect(info(token)).toMatchObject({ errcode: -1 });
      expect(info(token)).toMatchObject({ errcode: -1 });
      expect(info(token)).toMatchObject({ subscribe: 1 });
      expect(sandbox.stats.snapshot().errors['-1']).toBe(2);
    });

    it('answers -1 at the configured rate', () => {
      const { sandbox, stable, info } = setup({ busyRate: 0.6 });

      expect(stable()).toMatchObject({ errcode: -1 });
      sandbox.setSwitches({ busyRate: 0.4 });
      expect(info(stable().access_token)).toMatchObject({ subscribe: 1 });
    });
  });
});
