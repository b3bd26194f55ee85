import { accountsEnv, httpEnv, kafkaEnv, loggingEnv, redisEnv } from '@oa-relay/config';
import { TOPICS } from '@oa-relay/messaging';
import { z } from 'zod';

/** The gateway's settings, validated at boot. */
export const gatewayEnvSchema = z.object({
  ...loggingEnv,
  ...httpEnv(3000),
  ...kafkaEnv,
  ...redisEnv,
  ...accountsEnv,
  /** Topic the pushes are stored in; tests give each run its own. */
  GATEWAY_RAW_TOPIC: z.string().min(1).default(TOPICS.raw.name),
  /** A push whose `timestamp` is further than this from now, either way, is refused. */
  GATEWAY_REPLAY_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Largest body accepted (413 beyond); WeChat's pushes are a few kilobytes. */
  GATEWAY_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(256 * 1_024),
  /**
   * How long a push may wait for Kafka's ack before the answer is 503. At most 3.5 s: with the
   * dedupe claim's 1 s Redis timeout before it, the answer still leaves well inside WeChat's 5 s.
   */
  GATEWAY_PUBLISH_DEADLINE_MS: z.coerce.number().int().min(100).max(3_500).default(3_000),
  /** How long a stored push is remembered against WeChat's retries (which span ~15 s). */
  GATEWAY_DEDUPE_TTL_SECONDS: z.coerce.number().int().min(60).default(600),
  /** Prefix of the dedupe keys, so that several gateways or test runs share one Redis. */
  GATEWAY_DEDUPE_PREFIX: z.string().min(1).default('gateway:dedupe'),
});

/** The gateway's validated settings. */
export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
