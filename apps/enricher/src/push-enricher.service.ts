import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AccountRegistry } from '@oa-relay/config';
import type { EnrichedEnvelopeV1 } from '@oa-relay/events';
import { KafkaPublisher, type ConsumedRecord } from '@oa-relay/messaging';
import { buildEnrichedEnvelope } from './enriched-envelope.builder';
import type { EnricherConfig } from './enricher.config';
import { enricherPermanent } from './enricher-errors';
import { EnricherMetrics } from './enricher-metrics';
import { IdentityResolver } from './identity/identity-resolver';
import { UnionIdCache } from './identity/unionid-cache';
import { readRawPush } from './raw-envelope.reader';

/**
 * Enriches one raw record: parse, resolve the sender, publish with the same key and wait for
 * the broker's ack (the consumer commits only after the handler returns). An unsubscribe is
 * resolved first and then the user's cached unionid is deleted, as WeChat's rules require.
 */
@Injectable()
export class PushEnricher {
  private readonly logger = new Logger(PushEnricher.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: EnricherConfig,
    private readonly accounts: AccountRegistry,
    private readonly resolver: IdentityResolver,
    private readonly cache: UnionIdCache,
    private readonly publisher: KafkaPublisher,
    private readonly metrics: EnricherMetrics,
  ) {}

  /** Handles one record of the raw topic; throws Retriable/PermanentError as the consumer expects. */
  async enrich(record: ConsumedRecord): Promise<EnrichedEnvelopeV1> {
    const { envelope, push } = readRawPush(record.value);
    const account = this.accounts.find(envelope.appId);
    if (!account) throw enricherPermanent('ENRICHER_UNKNOWN_ACCOUNT', { appId: envelope.appId });

    const identity = await this.resolver.resolve({
      appId: account.appId,
      openId: envelope.openId,
      identity: account.identity,
      ignoreCachedAbsence: push.type === 'event.subscribe',
    });
    const enriched = buildEnrichedEnvelope(envelope, push, identity);

    await this.publisher.publish(
      this.config.ENRICHER_ENRICHED_TOPIC,
      { key: record.key, value: enriched },
      { timeoutMs: this.config.ENRICHER_PUBLISH_TIMEOUT_MS },
    );
    this.metrics.published(account.appId, identity.source);
    if (push.type === 'event.unsubscribe') await this.forget(account.appId, envelope.openId);
    this.logger.debug(
      { ...where(record), eventId: envelope.eventId, source: identity.source },
      'push enriched',
    );
    return enriched;
  }

  private async forget(appId: string, openId: string): Promise<void> {
    if (await this.cache.forget(appId, openId)) this.metrics.userForgotten(appId);
  }
}

function where(record: ConsumedRecord): { topic: string; partition: number; offset: string } {
  return { topic: record.topic, partition: record.partition, offset: record.offset };
}
