import { uniqueName } from '@oa-relay/testing';
import { AccessTokenClient, WechatUserApi } from '@oa-relay/token';
import type { Redis } from 'ioredis';
import {
  APP_ID,
  APP_SECRET,
  FOLLOWERS,
  registryWith,
  startSandbox,
  testRedis,
  type RunningSandbox,
} from './token-test-harness';

describe(WechatUserApi.name, () => {
  let sandbox: RunningSandbox;
  let redis: Redis;
  let tokens: AccessTokenClient;
  let api: WechatUserApi;

  beforeAll(async () => {
    sandbox = await startSandbox();
    redis = await testRedis();
  });

  afterAll(async () => {
    await redis.quit();
    await sandbox.app.close();
  });

  beforeEach(async () => {
    await sandbox.setSwitches({ busyNext: 0, outage: false, latencyMs: 0 });
    tokens = new AccessTokenClient({
      redis,
      keyPrefix: `${uniqueName('user-api')}:`,
      accounts: registryWith({ type: 'credentials', appSecret: APP_SECRET }),
      wechatApiBaseUrl: sandbox.url,
    });
    api = new WechatUserApi(tokens, { wechatApiBaseUrl: sandbox.url, requestTimeoutMs: 300 });
  });

  it('looks up unionids by openid, unsubscribed users without one', async () => {
    const results = await api.batchGetUnionIds(APP_ID, FOLLOWERS);

    expect(results.get(FOLLOWERS[0])).toEqual({
      openid: FOLLOWERS[0],
      outcome: 'found',
      subscribed: true,
      unionid: `u-${FOLLOWERS[0]}`,
    });
    expect(results.get(FOLLOWERS[2])).toEqual({
      openid: FOLLOWERS[2],
      outcome: 'found',
      subscribed: false,
    });
  });

  it('fails only the invalid openid of a batch', async () => {
    const results = await api.batchGetUnionIds(APP_ID, [...FOLLOWERS, 'oNotAFollower']);

    expect(results.get('oNotAFollower')).toEqual({
      openid: 'oNotAFollower',
      outcome: 'invalid-openid',
    });
    expect(results.get(FOLLOWERS[1])).toMatchObject({
      outcome: 'found',
      unionid: `u-${FOLLOWERS[1]}`,
    });
  });

  it('replaces a token WeChat dropped and answers with the new one', async () => {
    const dropped = await tokens.getToken(APP_ID);
    await sandbox.revoke(dropped);

    const results = await api.batchGetUnionIds(APP_ID, [FOLLOWERS[0]]);

    expect(results.get(FOLLOWERS[0])).toMatchObject({ outcome: 'found' });
    await expect(tokens.getToken(APP_ID)).resolves.not.toBe(dropped);
  });

  it('classifies system busy as retriable', async () => {
    await tokens.getToken(APP_ID);
    await sandbox.setSwitches({ busyNext: 1 });

    await expect(api.batchGetUnionIds(APP_ID, FOLLOWERS)).rejects.toMatchObject({
      code: 'WECHAT_API_BUSY',
      retriable: true,
    });
  });

  it('classifies an outage and a timeout as retriable', async () => {
    await tokens.getToken(APP_ID);
    await sandbox.setSwitches({ outage: true });
    await expect(api.batchGetUnionIds(APP_ID, FOLLOWERS)).rejects.toMatchObject({
      code: 'WECHAT_API_UNREACHABLE',
      retriable: true,
    });

    await sandbox.setSwitches({ outage: false, latencyMs: 1_000 });
    await expect(api.batchGetUnionIds(APP_ID, FOLLOWERS)).rejects.toMatchObject({
      code: 'WECHAT_API_UNREACHABLE',
      fields: { reason: 'timeout' },
    });
  });
});
