export * from './topic-payloads';
