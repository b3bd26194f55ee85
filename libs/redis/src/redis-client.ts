import { Redis } from 'ioredis';

/**
 * A client that fails fast instead of queueing while Redis is down: callers on a hot path
 * (dedupe, caches) decide what an unreachable Redis means for them, and must learn it in
 * milliseconds, not after ioredis' default twenty reconnect attempts per command.
 */
export function createRedisClient(url: string, connectionName: string): Redis {
  const redis = new Redis(url, {
    connectionName,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Errors surface through the commands that fail; an unhandled 'error' event would crash.
  redis.on('error', () => undefined);
  return redis;
}
