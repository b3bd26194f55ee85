export * from './kafka-client';
export * from './kafka-errors';
export * from './kafka-publisher';
export * from './messaging-errors';
export * from './messaging.module';
export * from './publish-batcher';
export * from './topics';
