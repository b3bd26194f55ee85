import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, AccountRegistry } from '@oa-relay/config';
import { MetricsRegistry } from '@oa-relay/observability';
import { Redis } from 'ioredis';
import { AccessTokenClient, type AccessTokenClientOptions } from './access-token-client';
import { WechatUserApi } from './wechat-user-api';

/** Options of {@link TokenModule.forRoot}: the client's tuning; Redis, accounts and metrics are injected. */
export type TokenModuleOptions = Omit<
  AccessTokenClientOptions,
  'redis' | 'accounts' | 'metrics' | 'wechatApiBaseUrl'
> & {
  /** Defaults to the app config's WECHAT_API_BASE_URL, then to WeChat's own. */
  wechatApiBaseUrl?: string;
  /** Language of the user API's localised fields. */
  lang?: string;
};

const WECHAT_API = 'https://api.weixin.qq.com';

/**
 * Provides {@link AccessTokenClient} and {@link WechatUserApi}. Needs RedisModule (the shared
 * client), ConfigModule with `accounts: true` (the AccountRegistry) and, optionally,
 * ObservabilityModule (counters) in the app.
 */
@Global()
@Module({})
export class TokenModule {
  static forRoot(options: TokenModuleOptions = {}): DynamicModule {
    return {
      module: TokenModule,
      providers: [
        {
          provide: AccessTokenClient,
          inject: [
            Redis,
            AccountRegistry,
            { token: MetricsRegistry, optional: true },
            { token: APP_CONFIG, optional: true },
          ],
          useFactory: (
            redis: Redis,
            accounts: AccountRegistry,
            metrics: MetricsRegistry | undefined,
            config: { WECHAT_API_BASE_URL?: string } | undefined,
          ) =>
            new AccessTokenClient({
              ...options,
              redis,
              accounts,
              metrics,
              wechatApiBaseUrl: baseUrl(options, config),
            }),
        },
        {
          provide: WechatUserApi,
          inject: [AccessTokenClient, { token: APP_CONFIG, optional: true }],
          useFactory: (
            tokens: AccessTokenClient,
            config: { WECHAT_API_BASE_URL?: string } | undefined,
          ) =>
            new WechatUserApi(tokens, {
              wechatApiBaseUrl: baseUrl(options, config),
              fetch: options.fetch,
              requestTimeoutMs: options.requestTimeoutMs,
              lang: options.lang,
            }),
        },
      ],
      exports: [AccessTokenClient, WechatUserApi],
    };
  }
}

function baseUrl(
  options: TokenModuleOptions,
  config: { WECHAT_API_BASE_URL?: string } | undefined,
): string {
  return options.wechatApiBaseUrl ?? config?.WECHAT_API_BASE_URL ?? WECHAT_API;
}
