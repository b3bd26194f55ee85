export * from './accounts';
export * from './accounts.schema';
export * from './config-error';
export * from './config.module';
export * from './env-fragments';
export * from './load-config';
