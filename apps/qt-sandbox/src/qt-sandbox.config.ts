import { accountsEnv, booleanString, httpEnv, loggingEnv, redisEnv } from '@oa-relay/config';
import { QT_RESPONSE_CODE_LIST, type QtResponseCode } from '@oa-relay/qt';
import { z } from 'zod';

/** The QT sandbox's settings, validated at boot; QT_SANDBOX_* are the initial fault switches. */
export const qtSandboxEnvSchema = z.object({
  ...loggingEnv,
  ...httpEnv(3100),
  ...redisEnv,
  ...accountsEnv,
  QT_SERVICE_ID: z.string().min(1),
  QT_SERVICE_SECRET: z.string().min(1),
  /** Prefix of every Redis key, so that several sandboxes (or test runs) share one Redis. */
  QT_SANDBOX_KEY_PREFIX: z.string().min(1).default('qt-sandbox'),
  /** Events kept; older ones are dropped, a few at a time, as new ones arrive. */
  QT_SANDBOX_MAX_EVENTS: z.coerce.number().int().min(100).default(200_000),
  QT_SANDBOX_LATENCY_MS: z.coerce.number().int().min(0).default(0),
  QT_SANDBOX_ERROR_RATE: z.coerce.number().min(0).max(1).default(0),
  QT_SANDBOX_OUTAGE: booleanString.default('false'),
  QT_SANDBOX_FORCE_CODE: z
    .enum(QT_RESPONSE_CODE_LIST as [QtResponseCode, ...QtResponseCode[]])
    .optional(),
});

/** The QT sandbox's validated settings. */
export type QtSandboxConfig = z.infer<typeof qtSandboxEnvSchema>;
