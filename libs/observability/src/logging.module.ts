import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
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

// Probes and scrapes: frequent, and a 503 from /health/ready while a dependency is down is an
// answer, not an error (pino-http would log every 5xx at error level, ignore list or not).
const PROBE_ROUTES: RouteInfo[] = [
  { path: 'health/live', method: RequestMethod.GET },
  { path: 'health/ready', method: RequestMethod.GET },
  { path: 'metrics', method: RequestMethod.GET },
];

/** Structured logging for an app through nestjs-pino. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          exclude: [...PROBE_ROUTES, ...(options.quietRoutes ?? [])],
          pinoHttp: httpLoggerOptions(options),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
