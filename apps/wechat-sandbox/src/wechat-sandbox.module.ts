import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type Env } from '@oa-relay/config';
import { ObservabilityModule } from '@oa-relay/observability';
import { SandboxAdminController } from './sandbox-admin.controller';
import { SandboxGate } from './sandbox-gate';
import { loadSandboxSeed } from './sandbox-seed';
import { WechatApiController } from './wechat-api.controller';
import { WechatSandbox } from './wechat-sandbox';
import type { WechatSandboxConfig } from './wechat-sandbox.config';

/** Wires the sandbox: config, observability, the in-memory WeChat and its controllers. */
@Module({})
export class WechatSandboxModule {
  static forRoot(config: WechatSandboxConfig, env: Env): DynamicModule {
    const sandbox = new WechatSandbox(loadSandboxSeed(config.SANDBOX_USERS_FILE), {
      latencyMs: config.SANDBOX_LATENCY_MS,
      busyNext: 0,
      busyRate: 0,
      outage: false,
      tokenDailyQuota: config.SANDBOX_TOKEN_DAILY_QUOTA,
      stableTokenDailyQuota: config.SANDBOX_STABLE_TOKEN_DAILY_QUOTA,
      forceRefreshDailyQuota: config.SANDBOX_FORCE_REFRESH_DAILY_QUOTA,
      tokenTtlSeconds: config.SANDBOX_TOKEN_TTL_SECONDS,
      tokenGraceSeconds: config.SANDBOX_TOKEN_GRACE_SECONDS,
    });

    return {
      module: WechatSandboxModule,
      imports: [
        ConfigModule.forRoot({ config, env }),
        ObservabilityModule.forService('wechat-sandbox', config),
      ],
      controllers: [WechatApiController, SandboxAdminController],
      providers: [{ provide: WechatSandbox, useValue: sandbox }, SandboxGate],
    };
  }
}
