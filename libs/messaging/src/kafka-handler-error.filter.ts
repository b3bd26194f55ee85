import { applyDecorators, Catch, UseFilters, type RpcExceptionFilter } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands a Kafka handler's error to the consumer unchanged. Nest's default RPC filter would
 * replace it by `{ status: 'error' }`, hiding whether it was retriable or permanent.
 */
@Catch()
export class KafkaHandlerErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/** `@EventPattern(topic)` plus {@link KafkaHandlerErrorFilter}: the way to declare a Kafka handler. */
export function KafkaHandler(topic: string): MethodDecorator {
  return applyDecorators(EventPattern(topic), UseFilters(new KafkaHandlerErrorFilter()));
}
