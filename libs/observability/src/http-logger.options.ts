import type { Options } from 'pino-http';
import { REDACTED_PATHS } from './redaction';

/** What the per-request logger needs to know about the app. */
export interface HttpLoggerSettings {
  service: string;
  level: string;
  pretty: boolean;
}

/**
 * pino-http's options for every app: redaction on, the query string left out of the logged URL
 * (it carries WeChat's signature and echostr, the sandbox's access_token), per-request lines at
 * debug unless the answer was an error.
 */
export function httpLoggerOptions(settings: HttpLoggerSettings): Options {
  return {
    level: settings.level,
    base: { service: settings.service },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    serializers: { req: withoutQueryString },
    // Per-request lines are debug: a burst of pushes must not flood info.
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug',
    transport: settings.pretty
      ? { target: 'pino-pretty', options: { singleLine: true } }
      : undefined,
  };
}

/** A serialized request with its URL cut at the query string. */
function withoutQueryString<T extends { url?: unknown }>(request: T): T {
  if (typeof request.url !== 'string') return request;
  const queryAt = request.url.indexOf('?');
  return queryAt < 0 ? request : { ...request, url: request.url.slice(0, queryAt) };
}
