import { DynamicModule, Module } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';
import { LoggerModule } from 'nestjs-pino';
import { httpLoggerOptions } from './http-logger.options';

/** How an app logs: pino, JSON outside local development, redaction always on. */
export interface LoggingOptions {
  service: string;
  level: string;
  pretty: boolean;
  /**
   * Routes left out of per-request logging because the app logs their outcomes itself: a
   * request logger costs a redacted child logger per request, a real share of a hot path.
   */
  quietRoutes?: RouteInfo[];
}

/** Structured logging for an app through nestjs-pino. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          exclude: options.quietRoutes?.length ? options.quietRoutes : undefined,
          pinoHttp: httpLoggerOptions(options),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
