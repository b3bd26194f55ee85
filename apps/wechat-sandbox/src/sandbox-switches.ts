import { z } from 'zod';

/** Failure switches for tests and the demo; every field optional when set through the admin API. */
export const sandboxSwitchesSchema = z
  .object({
    /** Added to every WeChat API answer. */
    latencyMs: z.number().int().min(0).max(60_000),
    /** The next N WeChat API calls answer errcode -1 (system busy). */
    busyNext: z.number().int().min(0),
    /** Share of WeChat API calls that answer -1, 0..1. */
    busyRate: z.number().min(0).max(1),
    /** Every WeChat API call answers HTTP 503 with no JSON. */
    outage: z.boolean(),
    /** Daily quotas, overriding the configured ones. */
    tokenDailyQuota: z.number().int().min(0),
    stableTokenDailyQuota: z.number().int().min(0),
    forceRefreshDailyQuota: z.number().int().min(0),
    /** Token lifetime and grace after supersession, in seconds. */
    tokenTtlSeconds: z.number().min(0.1),
    tokenGraceSeconds: z.number().min(0),
  })
  .strict();

/** The sandbox's current switches. */
export type SandboxSwitches = z.infer<typeof sandboxSwitchesSchema>;

/** What the admin API accepts: any subset of the switches. */
export const switchesPatchSchema = sandboxSwitchesSchema.partial();
