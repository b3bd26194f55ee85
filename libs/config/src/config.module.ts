import { DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { AccountRegistry, loadAccountsFile } from './accounts';
import type { Env } from './load-config';

/** Injection token of an app's validated, frozen configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Options of {@link ConfigModule.forRoot}. */
export interface ConfigModuleOptions<C extends object> {
  /** The app's configuration, already validated by `loadConfig` (once, at boot). */
  config: C;
  /** Where the accounts file's `{ env: NAME }` secrets are read from. */
  env: Env;
  /** Also load the config's ACCOUNTS_FILE and provide an AccountRegistry. */
  accounts?: boolean;
}

/** Provides an app's validated configuration, and its accounts, to every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot<C extends object>(options: ConfigModuleOptions<C>): DynamicModule {
    const providers: Provider[] = [{ provide: APP_CONFIG, useValue: options.config }];

    if (options.accounts) {
      const path = (options.config as { ACCOUNTS_FILE?: string }).ACCOUNTS_FILE;
      if (!path)
        throw new Error('ConfigModule: accounts requested but the config has no ACCOUNTS_FILE');
      const registry = new AccountRegistry(loadAccountsFile(path, options.env));
      providers.push({ provide: AccountRegistry, useValue: registry });
    }

    return {
      module: ConfigModule,
      providers,
      exports: options.accounts ? [APP_CONFIG, AccountRegistry] : [APP_CONFIG],
    };
  }
}
