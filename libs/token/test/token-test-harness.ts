import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseAccounts, AccountRegistry } from '@oa-relay/config';
import { createRedisClient } from '@oa-relay/redis';
import { testRedisUrl, uniqueName, waitFor } from '@oa-relay/testing';
import type { Redis } from 'ioredis';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWechatSandboxApp } from '../../../apps/wechat-sandbox/src/wechat-sandbox.app';

/** The account every token spec uses, on both sides (relay config and sandbox seed). */
export const APP_ID = 'wx00000000000000a1';
export const APP_SECRET = 'sandbox-secret-a1';
export const FOLLOWERS = ['oFollower1', 'oFollower2', 'oFollower3'];

/** A real wechat-sandbox over HTTP on a free port, with admin helpers. */
export interface RunningSandbox {
  url: string;
  app: NestFastifyApplication;
  stats(): Promise<{ calls: Record<string, number>; tokensIssued: Record<string, number> }>;
  setSwitches(patch: Record<string, unknown>): Promise<void>;
  revoke(token: string): Promise<void>;
}

/** Boots the wechat-sandbox app with a seed holding {@link APP_ID} and its followers. */
export async function startSandbox(env: Record<string, string> = {}): Promise<RunningSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'oa-relay-token-'));
  const seedFile = join(dir, 'users.json');
  const users = FOLLOWERS.map((openid, i) => ({
    openid,
    unionid: `u-${openid}`,
    subscribe: i < 2 ? 1 : 0,
  }));
  writeFileSync(
    seedFile,
    JSON.stringify({ accounts: [{ appId: APP_ID, appSecret: APP_SECRET, users }] }),
  );

  const app = await createWechatSandboxApp({
    LOG_LEVEL: 'silent',
    SANDBOX_USERS_FILE: seedFile,
    ...env,
  });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}/__admin/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox admin ${path} answered ${response.status}`);
    return response.json();
  };

  return {
    url,
    app,
    stats: async () =>
      (await admin('GET', 'stats')) as Awaited<ReturnType<RunningSandbox['stats']>>,
    setSwitches: async (patch) => void (await admin('PUT', 'switches', patch)),
    revoke: async (token) => void (await admin('POST', 'revoke', { access_token: token })),
  };
}

/** An account registry holding {@link APP_ID} with the given access-token source. */
export function registryWith(
  accessToken: Record<string, unknown>,
  appId = APP_ID,
): AccountRegistry {
  const account = { appId, name: 'token spec', token: 't', qt: { appkey: 'k' }, accessToken };
  return new AccountRegistry(parseAccounts({ accounts: [account] }, {}));
}

/** A fail-fast Redis client on the test Redis, connected. */
export async function testRedis(): Promise<Redis> {
  const redis = createRedisClient(testRedisUrl(), uniqueName('token-spec'));
  await waitFor(() => redis.status === 'ready', { description: 'Redis connection' });
  return redis;
}
