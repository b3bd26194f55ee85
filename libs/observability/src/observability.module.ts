import { DynamicModule, Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { LoggingModule, type LoggingOptions } from './logging.module';
import { MetricsRegistry } from './metrics';
import { MetricsController } from './metrics.controller';
import { ReadinessRegistry } from './readiness';

/**
 * Logging, /metrics and /health for an app. Global, so that every library can inject the
 * MetricsRegistry and ReadinessRegistry without importing this module again.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [LoggingModule.forRoot(options)],
      controllers: [MetricsController, HealthController],
      providers: [
        { provide: MetricsRegistry, useValue: new MetricsRegistry(options.service) },
        ReadinessRegistry,
      ],
      exports: [MetricsRegistry, ReadinessRegistry, LoggingModule],
    };
  }

  /** The same for a service whose validated config carries LOG_LEVEL and LOG_FORMAT. */
  static forService(
    service: string,
    config: LogSettings,
    quietRoutes?: LoggingOptions['quietRoutes'],
  ): DynamicModule {
    return ObservabilityModule.forRoot({
      service,
      level: config.LOG_LEVEL,
      pretty: config.LOG_FORMAT === 'pretty',
      quietRoutes,
    });
  }
}

/** The logging settings every service's config has (libs/config's loggingEnv). */
export interface LogSettings {
  LOG_LEVEL: string;
  LOG_FORMAT: 'json' | 'pretty';
}
