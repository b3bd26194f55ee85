export * from './coded-error';
export * from './health.controller';
export * from './logging.module';
export * from './metrics';
export * from './metrics.controller';
export * from './observability.module';
export * from './readiness';
export * from './redaction';
