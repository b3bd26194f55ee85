import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { testRedisUrl, uniqueName } from '@oa-relay/testing';
import { createQtSandboxApp } from './qt-sandbox.app';

/** The accounts every sandbox spec uses; the last one is the golden vectors' account. */
export const ACCOUNTS = {
  plain: { appId: 'wx5a1e0000000000a1', token: 'plain-token', appkey: 'appkey-plain' },
  safe: {
    appId: 'wx5a1e0000000000a2',
    token: 'safe-token',
    appkey: 'appkey-safe',
    encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  },
  vectors: {
    appId: 'wxd66151142ae9b9ae',
    token: 'vector-token',
    appkey: '9moqdsuia8hvxm7k8shf82n',
  },
} as const;

export const SERVICE_ID = 'sandbox-service-id';
export const SERVICE_SECRET = 'sandbox-service-secret';

function accountsFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qt-sandbox-'));
  const path = join(dir, 'accounts.json');
  const accounts = Object.entries(ACCOUNTS).map(([name, a]) => ({
    appId: a.appId,
    name,
    token: a.token,
    ...('encodingAESKey' in a ? { encodingAESKey: a.encodingAESKey } : {}),
    qt: { appkey: a.appkey },
  }));
  writeFileSync(path, JSON.stringify({ accounts }));
  return path;
}

/** A running sandbox on a free port, with its own Redis key prefix unless one is given. */
export interface RunningSandbox {
  app: NestFastifyApplication;
  url: string;
  prefix: string;
  post(body: string): Promise<{ status: number; code: string; message: string }>;
  close(): Promise<void>;
}

/** Starts a sandbox against the test Redis; `env` overrides the defaults. */
export async function startSandbox(env: Record<string, string> = {}): Promise<RunningSandbox> {
  const prefix = env.QT_SANDBOX_KEY_PREFIX ?? uniqueName('qt-sandbox');
  const app = await createQtSandboxApp({
    LOG_LEVEL: 'silent',
    REDIS_URL: testRedisUrl(),
    ACCOUNTS_FILE: accountsFile(),
    QT_SERVICE_ID: SERVICE_ID,
    QT_SERVICE_SECRET: SERVICE_SECRET,
    QT_SANDBOX_KEY_PREFIX: prefix,
    ...env,
  });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const base = url.replace('[::1]', '127.0.0.1');

  return {
    app,
    url: base,
    prefix,
    post: async (body) => {
      const response = await fetch(`${base}/server/thirdPartyDataSource`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      const parsed = JSON.parse(text) as { code: string; message: string };
      return { status: response.status, ...parsed };
    },
    close: () => app.close(),
  };
}

/**
 * Builds a QT request by hand, independently of libs/qt: for printable ASCII, fastjson and
 * JSON.stringify write the same string literals, so sorting the keys is all it takes.
 */
export function handBuiltQtBody(fields: Record<string, string>, secret: string): string {
  for (const value of [...Object.keys(fields), ...Object.values(fields)]) {
    if (!/^[\x20-\x7e]*$/.test(value))
      throw new RangeError('handBuiltQtBody takes printable ASCII only');
  }
  const json = (map: Record<string, string>) =>
    `{${Object.keys(map)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${JSON.stringify(map[k])}`)
      .join(',')}}`;
  const sign = createHash('md5')
    .update(json(fields) + secret)
    .digest('hex');
  return json({ ...fields, sign });
}

/** The fields of a request from the plain account, for a push given as XML. */
export function plainFields(
  xml: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    app_id: SERVICE_ID,
    appkey: ACCOUNTS.plain.appkey,
    ts: '1767225600123',
    code: ACCOUNTS.plain.appId,
    weChatOAData: xml,
    ...extra,
  };
}

/** An ASCII text push from the plain account. */
export function textPush(openId: string, content: string, createTime = '1767225600'): string {
  return (
    `<xml><ToUserName><![CDATA[gh_5a1e00000001]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${content}]]></Content><MsgId>24903327368861869</MsgId></xml>`
  );
}

/** GETs a sandbox URL and reads its JSON as `T`. */
export async function getJson<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}
