import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { AccountRegistry, ConfigModule, type Env } from '@oa-relay/config';
import { ObservabilityModule } from '@oa-relay/observability';
import { RedisModule } from '@oa-relay/redis';
import { Redis } from 'ioredis';
import { AdminController } from './admin.controller';
import { DashboardController } from './dashboard.controller';
import { EventsController } from './events.controller';
import { FaultSwitches } from './fault-switches';
import { QtSandboxService } from './qt-sandbox.service';
import type { QtSandboxConfig } from './qt-sandbox.config';
import { SandboxAccounts } from './sandbox-accounts';
import { SandboxStore } from './sandbox-store';
import { ThirdPartyDataSourceController } from './third-party-data-source.controller';

/** QT's intake is not request-logged: every request is stored and shown by GET /events instead. */
const QT_ROUTE = { path: 'server/thirdPartyDataSource', method: RequestMethod.POST };

/** Wires the QT sandbox: config and accounts, observability, Redis, its store and controllers. */
@Module({})
export class QtSandboxModule {
  static forRoot(config: QtSandboxConfig, env: Env): DynamicModule {
    const prefix = config.QT_SANDBOX_KEY_PREFIX;
    return {
      module: QtSandboxModule,
      imports: [
        ConfigModule.forRoot({ config, env, accounts: true }),
        ObservabilityModule.forService('qt-sandbox', config, [QT_ROUTE]),
        RedisModule.forRoot({ url: config.REDIS_URL, connectionName: 'qt-sandbox' }),
      ],
      controllers: [
        ThirdPartyDataSourceController,
        EventsController,
        AdminController,
        DashboardController,
      ],
      providers: [
        {
          provide: SandboxStore,
          inject: [Redis],
          useFactory: (redis: Redis) =>
            new SandboxStore(redis, prefix, config.QT_SANDBOX_MAX_EVENTS),
        },
        {
          provide: FaultSwitches,
          inject: [Redis],
          useFactory: async (redis: Redis) => {
            const faults = new FaultSwitches(redis, `${prefix}:faults`, {
              latencyMs: config.QT_SANDBOX_LATENCY_MS,
              errorRate: config.QT_SANDBOX_ERROR_RATE,
              outage: config.QT_SANDBOX_OUTAGE,
              forceCode: config.QT_SANDBOX_FORCE_CODE,
            });
            await faults.seed();
            return faults;
          },
        },
        {
          provide: QtSandboxService,
          inject: [AccountRegistry, SandboxStore, FaultSwitches],
          useFactory: (registry: AccountRegistry, store: SandboxStore, faults: FaultSwitches) =>
            new QtSandboxService(
              {
                serviceId: config.QT_SERVICE_ID,
                serviceSecret: config.QT_SERVICE_SECRET,
                accounts: new SandboxAccounts(registry.all()),
              },
              store,
              faults,
            ),
        },
      ],
    };
  }
}
