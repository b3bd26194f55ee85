import { DynamicModule, Global, Module } from '@nestjs/common';
import { MetricsRegistry, ReadinessRegistry } from '@oa-relay/observability';
import type { KafkaConnectionOptions } from './kafka-client';
import { KafkaPublisher, type KafkaPublisherOptions } from './kafka-publisher';

/** Options of {@link MessagingModule.forRoot}. */
export interface MessagingModuleOptions extends KafkaConnectionOptions {
  batching?: KafkaPublisherOptions['batching'];
}

/**
 * Provides the app's one {@link KafkaPublisher}: connects on init (without blocking boot),
 * registers the 'kafka' readiness probe and publish metrics, disconnects on shutdown.
 * Global, so that any module can inject the publisher.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        {
          provide: KafkaPublisher,
          inject: [
            { token: MetricsRegistry, optional: true },
            { token: ReadinessRegistry, optional: true },
          ],
          useFactory: (metrics?: MetricsRegistry, readiness?: ReadinessRegistry) =>
            new KafkaPublisher({ ...options, metrics, readiness }),
        },
      ],
      exports: [KafkaPublisher],
    };
  }
}
