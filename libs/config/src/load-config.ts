import type { z } from 'zod';
import { ConfigError, describeIssue } from './config-error';

/** Environment variables as the process received them. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Validates the environment against an app's schema once, reports every problem together,
 * and returns the result frozen. The only place that reads process.env.
 */
export function loadConfig<S extends z.ZodTypeAny>(
  schema: S,
  env: Env = process.env,
): Readonly<z.infer<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError('CONFIG_INVALID', result.error.issues.map(describeIssue), 'environment');
  }
  return deepFreeze(result.data as z.infer<S>);
}

/** Freezes a value and everything reachable from it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
