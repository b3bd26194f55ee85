import { Controller, Inject, type Type } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { KafkaHandler, type ConsumedRecord } from '@oa-relay/messaging';
import { PushEnricher } from './push-enricher.service';

/**
 * The Kafka handler of the raw topic. Built per topic name because a handler's topic is fixed
 * when its class is declared, and tests read their own topics.
 */
export function rawPushConsumer(topic: string): Type {
  @Controller()
  class RawPushConsumer {
    constructor(@Inject(PushEnricher) private readonly enricher: PushEnricher) {}

    @KafkaHandler(topic)
    async handle(@Payload() record: ConsumedRecord): Promise<void> {
      await this.enricher.enrich(record);
    }
  }
  return RawPushConsumer;
}
