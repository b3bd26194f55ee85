export * from './test-infra';
export * from './wait-for';
