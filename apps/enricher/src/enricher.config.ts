import {
  accountsEnv,
  httpEnv,
  kafkaEnv,
  loggingEnv,
  redisEnv,
  wechatApiEnv,
} from '@oa-relay/config';
import { TOPICS } from '@oa-relay/messaging';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().min(1);

/** The enricher's settings, validated at boot. */
export const enricherConfigSchema = z.object({
  ...loggingEnv,
  ...httpEnv(3200),
  ...kafkaEnv,
  ...redisEnv,
  ...accountsEnv,
  ...wechatApiEnv,
  /** Consumer group reading the raw topic; only tests pick another. */
  ENRICHER_GROUP_ID: z.string().min(1).default('oa-relay-enricher'),
  ENRICHER_RAW_TOPIC: z.string().min(1).default(TOPICS.raw.name),
  ENRICHER_ENRICHED_TOPIC: z.string().min(1).default(TOPICS.enriched.name),
  ENRICHER_DLQ_TOPIC: z.string().min(1).default(TOPICS.dlq.name),
  /** Records in flight per partition (different users only); enough to fill 100-openid batches. */
  ENRICHER_CONCURRENCY: positiveInt.default(128),
  /** How long the first unionid miss of an account waits for others before the batchget (ms). */
  ENRICHER_BATCH_WINDOW_MS: z.coerce.number().int().min(0).default(10),
  /** Openids per `user/info/batchget`; WeChat takes at most 100. */
  ENRICHER_BATCH_MAX_OPENIDS: positiveInt.max(100).default(100),
  /** Lifetime of a cached openid → unionid answer (default 30 days). */
  ENRICHER_UNIONID_TTL_SECONDS: positiveInt.default(2_592_000),
  /** Lifetime of a cached "no unionid" answer; 0 asks WeChat every time. */
  ENRICHER_NO_UNIONID_TTL_SECONDS: z.coerce.number().int().min(0).default(600),
  /** Prefix of the enricher's Redis keys (`<prefix>unionid:<appId>:<openid>`). */
  ENRICHER_KEY_PREFIX: z.string().min(1).default('oa-relay:'),
  /** Prefix of the shared access_token cache; every replica of every app must agree on it. */
  ENRICHER_TOKEN_KEY_PREFIX: z.string().min(1).default('oa-relay:access-token:'),
  ENRICHER_WECHAT_TIMEOUT_MS: positiveInt.default(5_000),
  ENRICHER_PUBLISH_TIMEOUT_MS: positiveInt.default(10_000),
  /** Enriched events carried by one produce request at most (one request is in flight). */
  ENRICHER_PRODUCE_BATCH_MAX: positiveInt.default(500),
  /** First and largest delay between retries of a record that failed retriably (ms). */
  ENRICHER_RETRY_INITIAL_MS: positiveInt.default(200),
  ENRICHER_RETRY_MAX_MS: positiveInt.default(30_000),
  /** Consecutive retriable failures after which the consumer pauses and probes; 0 never. */
  ENRICHER_PAUSE_AFTER_FAILURES: z.coerce.number().int().min(0).default(200),
});

/** The enricher's validated settings. */
export type EnricherConfig = z.infer<typeof enricherConfigSchema>;
