import { z } from 'zod';

const commaList = z
  .string()
  .min(1)
  .transform((s) =>
    s
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  );

const booleanString = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** A port number given as text. */
export const portSchema = z.coerce.number().int().min(0).max(65_535);

/** Settings every app has: logging. */
export const loggingEnv = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
};

/** Kafka connection settings. */
export const kafkaEnv = {
  KAFKA_BROKERS: commaList,
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
};

/** Redis connection settings. */
export const redisEnv = {
  REDIS_URL: z.string().url(),
};

/** The HTTP listener of an app. */
export function httpEnv(defaultPort: number) {
  return {
    HOST: z.string().default('0.0.0.0'),
    PORT: portSchema.default(defaultPort),
  };
}

/** The accounts file, common to every app that serves official accounts. */
export const accountsEnv = {
  ACCOUNTS_FILE: z.string().min(1),
};

/** Quick Tracking's server-side tracking settings. */
export const qtEnv = {
  QT_ENDPOINT: z.string().url(),
  QT_FALLBACK_ENDPOINT: z.string().url().optional(),
  QT_SERVICE_ID: z.string().min(1),
  QT_SERVICE_SECRET: z.string().min(1),
};

/** Where WeChat's API answers (the real one, or the wechat-sandbox). */
export const wechatApiEnv = {
  WECHAT_API_BASE_URL: z.string().url().default('https://api.weixin.qq.com'),
};

export { booleanString, commaList };
