import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { WechatSandbox } from './wechat-sandbox';

/** Applies the latency and outage switches before a WeChat API call is answered. */
@Injectable()
export class SandboxGate {
  constructor(private readonly sandbox: WechatSandbox) {}

  async pass(): Promise<void> {
    const { latencyMs, outage } = this.sandbox.switches;
    if (latencyMs > 0) await delay(latencyMs);
    if (outage) throw new ServiceUnavailableException('wechat-sandbox outage switch is on');
  }
}
