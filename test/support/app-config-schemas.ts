import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** The repository root. */
export const repoRoot = join(__dirname, '..', '..');

/** Apps that run as services (the simulator is a command-line tool without a config schema). */
export const SERVICE_APPS = [
  'gateway',
  'enricher',
  'dispatcher',
  'qt-sandbox',
  'token-center',
  'wechat-sandbox',
] as const;

/** A service app's name. */
export type ServiceApp = (typeof SERVICE_APPS)[number];

/**
 * Each service app's environment schema, found as the zod object exported by
 * `apps/<app>/src/<app>.config.ts`, so the documentation and deployment tests follow the apps.
 */
export function appConfigSchema(app: ServiceApp): z.AnyZodObject {
  const file = join(repoRoot, 'apps', app, 'src', `${app}.config.ts`);
  if (!existsSync(file)) throw new Error(`${app} has no ${app}.config.ts`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(file) as Record<string, unknown>;
  const schemas = Object.values(exported).filter(
    (v): v is z.AnyZodObject => v instanceof z.ZodObject,
  );
  if (schemas.length !== 1) throw new Error(`${app}.config.ts must export exactly one zod object`);
  return schemas[0];
}

/** The names of the environment variables an app reads. */
export function appEnvNames(app: ServiceApp): string[] {
  return Object.keys(appConfigSchema(app).shape);
}

/** Which service apps exist in this checkout. */
export function presentServiceApps(): ServiceApp[] {
  const apps = new Set(readdirSync(join(repoRoot, 'apps')));
  return SERVICE_APPS.filter((app) => apps.has(app));
}
