import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildPushRequest, type PushMode } from '@oa-relay/wechat';
import { createGatewayApp } from './gateway.app';

/** Test accounts: plaintext only, encrypted (with a rotated key), and encryption required. */
export const TEST_ACCOUNTS = {
  plain: { appId: 'wx1111111111111111', token: 'plain-token' },
  safe: {
    appId: 'wx2222222222222222',
    token: 'safe-token',
    encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    previousEncodingAESKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
  },
  strict: {
    appId: 'wx3333333333333333',
    token: 'strict-token',
    encodingAESKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
    requireEncryption: true,
  },
} as const;

/** Writes an accounts file holding {@link TEST_ACCOUNTS}; returns its path. */
export function writeAccountsFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-accounts-'));
  const path = join(dir, 'accounts.yaml');
  const accounts = Object.entries(TEST_ACCOUNTS).map(([name, account]) => ({
    ...account,
    name,
    qt: { appkey: 'test-appkey' },
  }));
  writeFileSync(path, JSON.stringify({ accounts }));
  return path;
}

/** A port nothing listens on, for "dependency down" tests. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Boots the real gateway on an ephemeral port; returns it and its base URL. */
export async function startGateway(
  env: Record<string, string>,
): Promise<{ app: NestFastifyApplication; url: string }> {
  const app = await createGatewayApp({ LOG_LEVEL: 'silent', PORT: '0', ...env });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}` };
}

/** A text message from `openId` whose Content makes it recognisable on the topic. */
export function textPush(openId: string, content: string, msgId: string): string {
  const now = Math.floor(Date.now() / 1000);
  return (
    `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName>` +
    `<CreateTime>${now}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`
  );
}

/** Sends a push as WeChat would, for one of {@link TEST_ACCOUNTS}. */
export async function sendPush(
  url: string,
  account: { appId: string; token: string; encodingAESKey?: string },
  mode: PushMode,
  xml: string,
  tamper: (request: { query: Record<string, string>; body: string }) => void = () => undefined,
  to: string = account.appId,
): Promise<Response> {
  const request = buildPushRequest({ ...account, mode, xml });
  tamper(request);
  const query = new URLSearchParams(request.query).toString();
  return fetch(`${url}/wechat/${to}?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: request.body,
  });
}
