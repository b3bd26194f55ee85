import { httpEnv, loggingEnv } from '@oa-relay/config';
import { z } from 'zod';

/** The wechat-sandbox's settings, validated at boot. */
export const wechatSandboxEnvSchema = z.object({
  ...loggingEnv,
  ...httpEnv(3400),
  /** Accounts, secrets and followers to serve (YAML or JSON). */
  SANDBOX_USERS_FILE: z.string().min(1).default('config/wechat-sandbox.users.example.yaml'),
  SANDBOX_TOKEN_TTL_SECONDS: z.coerce.number().min(0.1).default(7_200),
  SANDBOX_TOKEN_GRACE_SECONDS: z.coerce.number().min(0).default(300),
  SANDBOX_TOKEN_DAILY_QUOTA: z.coerce.number().int().min(0).default(2_000),
  SANDBOX_STABLE_TOKEN_DAILY_QUOTA: z.coerce.number().int().min(0).default(500_000),
  SANDBOX_FORCE_REFRESH_DAILY_QUOTA: z.coerce.number().int().min(0).default(20),
  SANDBOX_LATENCY_MS: z.coerce.number().int().min(0).default(0),
});

/** The wechat-sandbox's validated settings. */
export type WechatSandboxConfig = z.infer<typeof wechatSandboxEnvSchema>;
