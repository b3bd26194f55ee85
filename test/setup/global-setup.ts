import {
  dockerAnswers,
  startContainers,
  startLocalKafka,
  startLocalRedis,
  type StartedService,
} from '../../scripts/local/local-services';

declare global {
  var __OA_RELAY_STARTED__: StartedService[] | undefined;
}

/**
 * Gives integration and end-to-end specs a real Kafka and Redis: uses KAFKA_BROKERS and
 * REDIS_URL when set, otherwise starts what is missing (containers where Docker answers, a
 * local KRaft broker and redis-server where it does not) and records it for the teardown.
 * Both tiers name this file; the second call finds the variables set by the first.
 */
export default async function globalSetup(): Promise<void> {
  const need = { kafka: !process.env.KAFKA_BROKERS, redis: !process.env.REDIS_URL };
  if (!need.kafka && !need.redis) return;

  const started: StartedService[] = (globalThis.__OA_RELAY_STARTED__ ??= []);

  if (await dockerAnswers()) {
    const containers = await startContainers(need);
    if (containers.brokers) process.env.KAFKA_BROKERS = containers.brokers;
    if (containers.redisUrl) process.env.REDIS_URL = containers.redisUrl;
    started.push(...containers.services);
    return;
  }
  if (need.kafka) {
    const kafka = await startLocalKafka();
    process.env.KAFKA_BROKERS = kafka.brokers;
    started.push(kafka.service);
  }
  if (need.redis) {
    const redis = await startLocalRedis();
    process.env.REDIS_URL = redis.url;
    started.push(redis.service);
  }
}
