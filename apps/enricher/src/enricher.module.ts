import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type Env } from '@oa-relay/config';
import { MessagingModule } from '@oa-relay/messaging';
import { MetricsRegistry, ObservabilityModule } from '@oa-relay/observability';
import { RedisCommandBatcher, RedisModule } from '@oa-relay/redis';
import { TokenModule, WechatUserApi } from '@oa-relay/token';
import { Redis } from 'ioredis';
import type { EnricherConfig } from './enricher.config';
import { clientIdOf } from './enricher-consumer.options';
import { EnricherMetrics } from './enricher-metrics';
import { BatchedUnionIdSource } from './identity/batched-unionid.source';
import { IdentityResolver } from './identity/identity-resolver';
import { UnionIdCache } from './identity/unionid-cache';
import { PushEnricher } from './push-enricher.service';
import { rawPushConsumer } from './raw-push.consumer';
import { WechatCallMeter } from './wechat-call-meter';

/** Wires the enricher: config with accounts, observability, Redis, Kafka, tokens, identity. */
@Module({})
export class EnricherModule {
  static forRoot(config: EnricherConfig, env: Env): DynamicModule {
    const meter = new WechatCallMeter();
    return {
      module: EnricherModule,
      imports: [
        ConfigModule.forRoot({ config, env, accounts: true }),
        ObservabilityModule.forService('enricher', config),
        RedisModule.forRoot({ url: config.REDIS_URL, connectionName: clientIdOf(config) }),
        MessagingModule.forRoot({
          brokers: [...config.KAFKA_BROKERS],
          clientId: clientIdOf(config),
          batching: { maxBatchSize: config.ENRICHER_PRODUCE_BATCH_MAX },
        }),
        TokenModule.forRoot({
          keyPrefix: config.ENRICHER_TOKEN_KEY_PREFIX,
          fetch: meter.fetch,
          requestTimeoutMs: config.ENRICHER_WECHAT_TIMEOUT_MS,
        }),
      ],
      controllers: [rawPushConsumer(config.ENRICHER_RAW_TOPIC)],
      providers: [
        {
          provide: EnricherMetrics,
          inject: [MetricsRegistry],
          useFactory: (registry: MetricsRegistry) => {
            const metrics = new EnricherMetrics(registry);
            meter.attach((endpoint, errcode) => metrics.wechatCall(endpoint, errcode));
            return metrics;
          },
        },
        {
          provide: UnionIdCache,
          inject: [Redis],
          useFactory: (redis: Redis) =>
            new UnionIdCache(new RedisCommandBatcher(redis), {
              keyPrefix: config.ENRICHER_KEY_PREFIX,
              ttlSeconds: config.ENRICHER_UNIONID_TTL_SECONDS,
              noUnionIdTtlSeconds: config.ENRICHER_NO_UNIONID_TTL_SECONDS,
            }),
        },
        {
          provide: IdentityResolver,
          inject: [UnionIdCache, WechatUserApi, EnricherMetrics],
          useFactory: (cache: UnionIdCache, userApi: WechatUserApi, metrics: EnricherMetrics) => {
            const window = {
              windowMs: config.ENRICHER_BATCH_WINDOW_MS,
              maxBatchSize: config.ENRICHER_BATCH_MAX_OPENIDS,
            };
            return new IdentityResolver(
              cache,
              new BatchedUnionIdSource(userApi, window, metrics),
              metrics,
            );
          },
        },
        PushEnricher,
      ],
    };
  }
}
