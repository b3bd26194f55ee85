import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AccountRegistry, ConfigModule, type Env } from '@oa-relay/config';
import { KafkaPublisher, MessagingModule } from '@oa-relay/messaging';
import { MetricsRegistry, ObservabilityModule } from '@oa-relay/observability';
import { QtDeliveryPolicy } from '@oa-relay/qt';
import { RedisModule } from '@oa-relay/redis';
import { Redis } from 'ioredis';
import { DeliveryMarkers } from './delivery-markers';
import { DispatchService } from './dispatch.service';
import { InFlightLimiter } from './in-flight-limiter';
import type { DispatcherConfig } from './dispatcher.config';
import { createDispatcherMetrics, type DispatcherMetrics } from './dispatcher-metrics';
import { createEnrichedPushConsumer } from './enriched-push.consumer';

const DISPATCHER_METRICS = Symbol('DISPATCHER_METRICS');

/**
 * Gives deliveries still waiting for QT most of the consumer's shutdown deadline, then aborts
 * them so that the consumer can commit what finished and disconnect in time. Nest closes the
 * consumer between the two hooks, so QT's connections are closed once nothing uses them.
 */
@Injectable()
class DeliveryShutdown implements BeforeApplicationShutdown, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DispatchService) private readonly dispatcher: DispatchService,
    @Inject('DISPATCHER_SHUTDOWN_GRACE_MS') private readonly graceMs: number,
  ) {}

  beforeApplicationShutdown(): void {
    this.timer = setTimeout(() => this.dispatcher.abortInFlight(), this.graceMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
    this.dispatcher.close();
  }
}

function createPolicy(config: DispatcherConfig, metrics: DispatcherMetrics): QtDeliveryPolicy {
  return new QtDeliveryPolicy({
    endpoint: config.QT_ENDPOINT,
    fallbackEndpoint: config.QT_FALLBACK_ENDPOINT,
    maxAttempts: config.QT_MAX_ATTEMPTS,
    initialDelayMs: config.QT_RETRY_INITIAL_DELAY_MS,
    maxDelayMs: config.QT_RETRY_MAX_DELAY_MS,
    failoverAfter: config.QT_FAILOVER_AFTER,
    primaryRetryAfterMs: config.QT_PRIMARY_RETRY_AFTER_MS,
    requestTimeoutMs: config.QT_REQUEST_TIMEOUT_MS,
    maxSockets: config.QT_MAX_IN_FLIGHT,
    metrics: metrics.qt,
  });
}

/** Wires the dispatcher: config and accounts, observability, Redis, Kafka, QT and the handler. */
@Module({})
export class DispatcherModule {
  static forRoot(config: DispatcherConfig, env: Env): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [
        ConfigModule.forRoot({ config, env, accounts: true }),
        ObservabilityModule.forService('dispatcher', config),
        RedisModule.forRoot({ url: config.REDIS_URL, connectionName: 'dispatcher' }),
        MessagingModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: config.KAFKA_CLIENT_ID ?? 'oa-relay-dispatcher',
        }),
      ],
      controllers: [createEnrichedPushConsumer(config.DISPATCHER_SOURCE_TOPIC)],
      providers: [
        {
          provide: DISPATCHER_METRICS,
          inject: [MetricsRegistry],
          useFactory: createDispatcherMetrics,
        },
        {
          provide: DispatchService,
          inject: [AccountRegistry, Redis, KafkaPublisher, DISPATCHER_METRICS],
          useFactory: (
            accounts: AccountRegistry,
            redis: Redis,
            publisher: KafkaPublisher,
            metrics: DispatcherMetrics,
          ) =>
            new DispatchService({
              accounts,
              publisher,
              metrics,
              markers: new DeliveryMarkers(
                redis,
                config.DISPATCHER_MARKER_PREFIX,
                config.DISPATCHER_MARKER_TTL_SECONDS,
              ),
              policy: createPolicy(config, metrics),
              limiter: new InFlightLimiter(config.QT_MAX_IN_FLIGHT),
              server: { serviceId: config.QT_SERVICE_ID, serviceSecret: config.QT_SERVICE_SECRET },
              analyticsTopic: config.DISPATCHER_ANALYTICS_TOPIC,
            }),
        },
        {
          provide: 'DISPATCHER_SHUTDOWN_GRACE_MS',
          useValue: Math.floor(config.DISPATCHER_SHUTDOWN_TIMEOUT_MS * 0.8),
        },
        DeliveryShutdown,
      ],
    };
  }
}
