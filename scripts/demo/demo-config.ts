import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { simulatedOpenId } from '../../apps/simulator/src/pushes/openid';

/** The simulator's default number of users per account (`--users`), all known to WeChat here. */
const SIMULATED_FOLLOWERS = 1_000;

/** Made-up secrets of the demo: they only ever sign traffic between local processes. */
export const DEMO_SECRETS = {
  qtServiceId: 'demo-service-id',
  qtServiceSecret: 'demo-service-secret',
  tokenCenterApiKey: 'demo-token-center-key',
  shopToken: 'demo-shop-token',
  shopAesKey: 'ipq9uhXjQxjuFUhS4Ou1zyqOhYMSy5oNKXHUlx2bdHD',
  shopAppSecret: 'sandbox-secret-0123456789abcdef',
  newsToken: 'demo-news-token',
} as const;

/** The demo's two accounts: one in safe mode identified by UnionID, one plaintext by OpenID. */
export const DEMO_ACCOUNTS = {
  shop: { appId: 'wx0123456789abcdef', name: 'Demo shop (safe mode, UnionID)' },
  news: { appId: 'wxfedcba9876543210', name: 'Demo news (plaintext, OpenID)' },
} as const;

/** The files the demo's apps read, written fresh into the demo's folder. */
export interface DemoConfigFiles {
  accounts: string;
  tokenCenterAccounts: string;
  wechatUsers: string;
}

/**
 * Writes the accounts files and the wechat-sandbox's users. The pipeline reads the shop's
 * access_token from the token-center (a central control server, as QT's console would); the
 * token-center itself holds the shop's AppSecret and fetches from the wechat-sandbox.
 */
export function writeDemoConfig(dir: string, tokenCenterUrl: string): DemoConfigFiles {
  mkdirSync(dir, { recursive: true });
  const { shop, news } = DEMO_ACCOUNTS;
  const shopBase = {
    appId: shop.appId,
    name: shop.name,
    token: DEMO_SECRETS.shopToken,
    encodingAESKey: DEMO_SECRETS.shopAesKey,
    requireEncryption: true,
    qt: { appkey: 'demo-appkey-shop' },
  };
  const newsAccount = {
    appId: news.appId,
    name: news.name,
    token: DEMO_SECRETS.newsToken,
    qt: { appkey: 'demo-appkey-news' },
  };
  const centralSource = {
    type: 'central',
    url: `${tokenCenterUrl}/v1/access-token/${shop.appId}`,
    headers: { Authorization: `Bearer ${DEMO_SECRETS.tokenCenterApiKey}` },
    tokenPath: '$.access_token',
    expiresInPath: '$.expires_in',
    reportUrl: `${tokenCenterUrl}/v1/access-token/${shop.appId}/invalid`,
  };

  const files: DemoConfigFiles = {
    accounts: join(dir, 'accounts.yaml'),
    tokenCenterAccounts: join(dir, 'token-center.accounts.yaml'),
    wechatUsers: join(dir, 'wechat-sandbox.users.yaml'),
  };
  const pipelineShop = { ...shopBase, identity: 'unionid', accessToken: centralSource };
  const centerShop = {
    ...shopBase,
    accessToken: { type: 'credentials', appSecret: DEMO_SECRETS.shopAppSecret },
  };
  writeFileSync(files.accounts, stringify({ accounts: [pipelineShop, newsAccount] }));
  writeFileSync(files.tokenCenterAccounts, stringify({ accounts: [centerShop] }));
  writeFileSync(files.wechatUsers, stringify(wechatSandboxUsers()));
  return files;
}

function wechatSandboxUsers(): unknown {
  return {
    accounts: [
      {
        appId: DEMO_ACCOUNTS.shop.appId,
        appSecret: DEMO_SECRETS.shopAppSecret,
        openPlatform: true,
        users: [
          // The sender of every shared sample push.
          { openid: 'oSAMPLEuser00000000000000001', unionid: 'uDEMO_union_sample_user_000001' },
          // The users the simulator generates, so that its traffic resolves real unionids.
          ...Array.from({ length: SIMULATED_FOLLOWERS }, (_, index) => {
            const openid = simulatedOpenId(DEMO_ACCOUNTS.shop.appId, index);
            return { openid, unionid: `uDEMO_${openid.slice(1, 23)}` };
          }),
        ],
      },
    ],
  };
}
