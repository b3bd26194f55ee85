import { Controller, type Type } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { KafkaHandler, type ConsumedRecord } from '@oa-relay/messaging';
import { DispatchService } from './dispatch.service';

/**
 * The Kafka handler of the enriched topic. Built per app because the topic is a setting
 * (tests read their own topics) and a decorator's argument is fixed when the class is made.
 */
export function createEnrichedPushConsumer(topic: string): Type {
  @Controller()
  class EnrichedPushConsumer {
    constructor(private readonly dispatcher: DispatchService) {}

    @KafkaHandler(topic)
    async handle(@Payload() record: ConsumedRecord): Promise<void> {
      await this.dispatcher.dispatch(record);
    }
  }
  return EnrichedPushConsumer;
}
