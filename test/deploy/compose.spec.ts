import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAccountsFile, loadConfig } from '@oa-relay/config';
import { parse } from 'yaml';
import { SERVICE_APPS, appConfigSchema, repoRoot } from '../support/app-config-schemas';

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, ComposeService> };

/** Resolves `${NAME:-default}` as compose does when NAME is not set. */
function interpolate(value: string): string {
  return value.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1');
}

function environmentOf(service: ComposeService): Record<string, string> {
  const env = Object.entries(service.environment ?? {}).map(([k, v]) => [
    k,
    interpolate(String(v)),
  ]);
  return Object.fromEntries(env) as Record<string, string>;
}

/** Names the accounts file reads through `{ env: NAME }`. */
function accountSecretNames(accountsFile: string | undefined): string[] {
  if (!accountsFile) return [];
  return [
    ...readFileSync(join(repoRoot, accountsFile), 'utf8').matchAll(/env:\s*([A-Z0-9_]+)/g),
  ].map((m) => m[1]);
}

describe('docker-compose.yml', () => {
  describe.each(SERVICE_APPS)('%s', (app) => {
    const service = compose.services[app];
    const env = environmentOf(service ?? {});

    it('runs the app from the build', () => {
      expect(service?.command?.slice(0, 2)).toEqual(['node', `dist/apps/${app}/src/main.js`]);
      expect(existsSync(join(repoRoot, 'apps', app, 'src', 'main.ts'))).toBe(true);
    });

    it("gives only variables the app's schema or its accounts file reads", () => {
      const known = new Set([
        ...Object.keys(appConfigSchema(app).shape),
        ...accountSecretNames(env.ACCOUNTS_FILE),
      ]);

      expect(Object.keys(env).filter((name) => !known.has(name))).toEqual([]);
    });

    it("passes the app's config validation, accounts file included", () => {
      const config = loadConfig(appConfigSchema(app), env) as { ACCOUNTS_FILE?: string };

      if (config.ACCOUNTS_FILE) {
        expect(loadAccountsFile(join(repoRoot, config.ACCOUNTS_FILE), env).length).toBeGreaterThan(
          0,
        );
      }
    });

    it('checks health on the port the app listens on', () => {
      expect(service?.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${env.PORT}/health/ready`);
    });
  });
});
