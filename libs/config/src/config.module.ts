import { DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import type { z } from 'zod';
import { AccountRegistry, loadAccountsFile } from './accounts';
import { loadConfig, type Env } from './load-config';

/** Injection token of an app's validated, frozen configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Options of {@link ConfigModule.forRoot}. */
export interface ConfigModuleOptions<S extends z.ZodTypeAny> {
  schema: S;
  env?: Env;
  /** Also load ACCOUNTS_FILE and provide an AccountRegistry. */
  accounts?: boolean;
}

/** Validates an app's configuration once at boot and provides it, frozen, to every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot<S extends z.ZodTypeAny>(options: ConfigModuleOptions<S>): DynamicModule {
    const env = options.env ?? process.env;
    const config = loadConfig(options.schema, env);
    const providers: Provider[] = [{ provide: APP_CONFIG, useValue: config }];

    if (options.accounts) {
      const path = (config as { ACCOUNTS_FILE?: string }).ACCOUNTS_FILE;
      if (!path)
        throw new Error('ConfigModule: accounts requested but the schema has no ACCOUNTS_FILE');
      const registry = new AccountRegistry(loadAccountsFile(path, env));
      providers.push({ provide: AccountRegistry, useValue: registry });
    }

    return {
      module: ConfigModule,
      providers,
      exports: options.accounts ? [APP_CONFIG, AccountRegistry] : [APP_CONFIG],
    };
  }
}
