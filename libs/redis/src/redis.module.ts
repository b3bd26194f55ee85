import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ReadinessRegistry } from '@oa-relay/observability';
import { Redis } from 'ioredis';
import { createRedisClient } from './redis-client';

/** Options of {@link RedisModule.forRoot}. */
export interface RedisModuleOptions {
  url: string;
  connectionName: string;
}

const REDIS_OPTIONS = Symbol('REDIS_OPTIONS');

/** Closes the shared client when the app stops. */
@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Redis) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One shared ioredis client per app, registered for /health/ready. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(options: RedisModuleOptions): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS_OPTIONS, useValue: options },
        {
          provide: Redis,
          inject: [ReadinessRegistry],
          useFactory: (readiness: ReadinessRegistry) => {
            const redis = createRedisClient(options.url, options.connectionName);
            readiness.register('redis', async () => (await redis.ping()) === 'PONG');
            return redis;
          },
        },
        RedisLifecycle,
      ],
      exports: [Redis],
    };
  }
}
