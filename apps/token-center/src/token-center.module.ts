import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, AccountRegistry, ConfigModule, type Env } from '@oa-relay/config';
import { MetricsRegistry, ObservabilityModule } from '@oa-relay/observability';
import { RedisModule } from '@oa-relay/redis';
import {
  CenterMetrics,
  CenterTokenStore,
  RefreshScheduler,
  StableTokenSource,
  TokenRefresher,
} from '@oa-relay/token';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { AccessTokenController } from './access-token.controller';
import { ApiKeyGuard } from './api-key.guard';
import type { TokenCenterConfig } from './token-center.config';

/** Starts the refresh loop once Redis answers, and stops it before Redis closes. */
@Injectable()
class SchedulerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(RefreshScheduler) private readonly scheduler: RefreshScheduler,
    @Inject(Redis) private readonly redis: Redis,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The client fails fast while connecting; a first round then would only log failures.
    await waitUntilReady(this.redis, 5_000);
    this.scheduler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
  }
}

async function waitUntilReady(redis: Redis, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (redis.status !== 'ready' && Date.now() < deadline) await delay(20);
}

function createRefresher(
  config: TokenCenterConfig,
  accounts: AccountRegistry,
  redis: Redis,
  metrics: CenterMetrics,
) {
  const sources = new Map<string, StableTokenSource>();
  for (const account of accounts.all()) {
    if (account.accessToken?.type !== 'credentials') continue;
    const { appSecret } = account.accessToken;
    sources.set(
      account.appId,
      new StableTokenSource(
        account.appId,
        appSecret,
        config.WECHAT_API_BASE_URL,
        fetch,
        config.TOKEN_CENTER_REQUEST_TIMEOUT_MS,
      ),
    );
  }
  const store = new CenterTokenStore(redis, config.TOKEN_CENTER_KEY_PREFIX, randomUUID());
  return new TokenRefresher(
    store,
    sources,
    {
      refreshAheadMs: config.TOKEN_CENTER_REFRESH_AHEAD_SECONDS * 1_000,
      recheckMs: config.TOKEN_CENTER_RECHECK_SECONDS * 1_000,
      lockTtlMs: config.TOKEN_CENTER_LOCK_TTL_MS,
      invalidMinIntervalMs: config.TOKEN_CENTER_INVALID_MIN_INTERVAL_SECONDS * 1_000,
      maxForceRefreshPerDay: config.TOKEN_CENTER_MAX_FORCE_REFRESH_PER_DAY,
      failureCooldownMs: config.TOKEN_CENTER_FAILURE_COOLDOWN_SECONDS * 1_000,
    },
    metrics,
  );
}

/** Wires the token-center: config with accounts, observability, Redis, refresher and API. */
@Module({})
export class TokenCenterModule {
  static forRoot(config: TokenCenterConfig, env: Env): DynamicModule {
    return {
      module: TokenCenterModule,
      imports: [
        ConfigModule.forRoot({ config, env, accounts: true }),
        ObservabilityModule.forService('token-center', config),
        RedisModule.forRoot({ url: config.REDIS_URL, connectionName: 'token-center' }),
      ],
      controllers: [AccessTokenController],
      providers: [
        ApiKeyGuard,
        {
          provide: CenterMetrics,
          inject: [MetricsRegistry],
          useFactory: (registry: MetricsRegistry) => new CenterMetrics(registry),
        },
        {
          provide: TokenRefresher,
          inject: [APP_CONFIG, AccountRegistry, Redis, CenterMetrics],
          useFactory: createRefresher,
        },
        {
          provide: RefreshScheduler,
          inject: [TokenRefresher],
          useFactory: (refresher: TokenRefresher) =>
            new RefreshScheduler(refresher, config.TOKEN_CENTER_CHECK_INTERVAL_MS),
        },
        SchedulerLifecycle,
      ],
    };
  }
}
