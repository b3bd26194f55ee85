import { accountsEnv, httpEnv, loggingEnv, redisEnv, wechatApiEnv } from '@oa-relay/config';
import { z } from 'zod';

// `name=key` pairs: the name labels metrics and logs, the key is the caller's bearer token.
const apiKeys = z
  .string()
  .min(1)
  .transform((raw, ctx) => {
    const keys = new Map<string, string>();
    for (const pair of raw
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const at = pair.indexOf('=');
      if (at < 1 || at === pair.length - 1) {
        ctx.addIssue({ code: 'custom', message: 'every entry must be name=key' });
        return z.NEVER;
      }
      keys.set(pair.slice(at + 1), pair.slice(0, at));
    }
    return keys;
  });

/** The token-center's settings, validated at boot. */
export const tokenCenterEnvSchema = z.object({
  ...loggingEnv,
  ...httpEnv(3300),
  ...redisEnv,
  ...accountsEnv,
  ...wechatApiEnv,
  /** Callers allowed to read tokens, as `name=key,name=key`; maps key to caller name. */
  TOKEN_CENTER_API_KEYS: apiKeys,
  TOKEN_CENTER_KEY_PREFIX: z.string().min(1).default('oa-relay:token-center:'),
  TOKEN_CENTER_REFRESH_AHEAD_SECONDS: z.coerce.number().min(0).default(300),
  TOKEN_CENTER_RECHECK_SECONDS: z.coerce.number().min(0).default(60),
  TOKEN_CENTER_CHECK_INTERVAL_MS: z.coerce.number().int().min(10).default(10_000),
  TOKEN_CENTER_LOCK_TTL_MS: z.coerce.number().int().min(100).default(15_000),
  TOKEN_CENTER_INVALID_MIN_INTERVAL_SECONDS: z.coerce.number().min(0).default(60),
  TOKEN_CENTER_MAX_FORCE_REFRESH_PER_DAY: z.coerce.number().int().min(0).default(10),
  TOKEN_CENTER_FAILURE_COOLDOWN_SECONDS: z.coerce.number().min(0).default(10),
  TOKEN_CENTER_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
});

/** The token-center's validated settings. */
export type TokenCenterConfig = z.infer<typeof tokenCenterEnvSchema>;
