import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ReadinessRegistry } from './readiness';

/** Liveness (the process answers) and readiness (every registered dependency answers). */
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok'; checks: Record<string, boolean> }> {
    const checks = await this.readiness.check();
    if (Object.values(checks).some((up) => !up)) {
      throw new ServiceUnavailableException({ status: 'unavailable', checks });
    }
    return { status: 'ok', checks };
  }
}
