import { randomBytes } from 'node:crypto';

/** Kafka bootstrap servers given to this test run by test/setup/global-setup.ts. */
export function testKafkaBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run integration specs through jest');
  return brokers.split(',').map((b) => b.trim());
}

/** Redis URL given to this test run by test/setup/global-setup.ts. */
export function testRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run integration specs through jest');
  return url;
}

/** A random name so that specs never share topics, groups or keys. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
