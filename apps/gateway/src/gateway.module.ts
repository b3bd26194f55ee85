import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { AccountRegistry, ConfigModule, type Env } from '@oa-relay/config';
import { KafkaPublisher, MessagingModule } from '@oa-relay/messaging';
import { MetricsRegistry, ObservabilityModule } from '@oa-relay/observability';
import { RedisCommandBatcher, RedisModule } from '@oa-relay/redis';
import { Redis } from 'ioredis';
import type { GatewayConfig } from './gateway.config';
import { GatewayMetrics } from './gateway-metrics';
import { PushAccounts } from './push-accounts';
import { PushDedupe } from './push-dedupe';
import { PushEndpoint } from './push-endpoint';
import { PushIntakeService } from './push-intake.service';
import { WechatController } from './wechat.controller';

/** Handshakes and pushes: each refusal is logged once, by the gateway, with its code. */
const WECHAT_ROUTE = { path: 'wechat/:appId', method: RequestMethod.ALL };

/** Margin of a dedupe claim beyond the publish deadline, before it expires unconfirmed. */
const CLAIM_MARGIN_MS = 2_000;

/** Wires the gateway: config and accounts, observability, Redis, Kafka and the push intake. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, env: Env): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ConfigModule.forRoot({ config, env, accounts: true }),
        ObservabilityModule.forService('gateway', config, [WECHAT_ROUTE]),
        RedisModule.forRoot({ url: config.REDIS_URL, connectionName: 'gateway' }),
        MessagingModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: config.KAFKA_CLIENT_ID ?? 'oa-relay-gateway',
        }),
      ],
      controllers: [WechatController],
      providers: [
        {
          provide: PushAccounts,
          inject: [AccountRegistry],
          useFactory: (r: AccountRegistry) => new PushAccounts(r),
        },
        {
          provide: GatewayMetrics,
          inject: [MetricsRegistry, PushAccounts],
          useFactory: (registry: MetricsRegistry, accounts: PushAccounts) =>
            new GatewayMetrics(registry, new Set(accounts.appIds())),
        },
        {
          provide: PushDedupe,
          inject: [Redis],
          useFactory: (redis: Redis) =>
            new PushDedupe(new RedisCommandBatcher(redis), {
              prefix: config.GATEWAY_DEDUPE_PREFIX,
              ttlSeconds: config.GATEWAY_DEDUPE_TTL_SECONDS,
              pendingMs: config.GATEWAY_PUBLISH_DEADLINE_MS + CLAIM_MARGIN_MS,
            }),
        },
        {
          provide: PushIntakeService,
          inject: [PushAccounts, PushDedupe, KafkaPublisher, GatewayMetrics],
          useFactory: (
            accounts: PushAccounts,
            dedupe: PushDedupe,
            publisher: KafkaPublisher,
            metrics: GatewayMetrics,
          ) =>
            new PushIntakeService(accounts, dedupe, publisher, metrics, {
              topic: config.GATEWAY_RAW_TOPIC,
              replayWindowSeconds: config.GATEWAY_REPLAY_WINDOW_SECONDS,
              publishDeadlineMs: config.GATEWAY_PUBLISH_DEADLINE_MS,
              bodyLimitBytes: config.GATEWAY_BODY_LIMIT_BYTES,
            }),
        },
        {
          provide: PushEndpoint,
          inject: [PushIntakeService, GatewayMetrics],
          useFactory: (intake: PushIntakeService, metrics: GatewayMetrics) =>
            new PushEndpoint(intake, metrics, config.GATEWAY_BODY_LIMIT_BYTES),
        },
      ],
    };
  }
}
