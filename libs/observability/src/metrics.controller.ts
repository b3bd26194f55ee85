import { Controller, Get, Header } from '@nestjs/common';
import { MetricsRegistry } from './metrics';

/** Serves the app's Prometheus metrics at /metrics. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
