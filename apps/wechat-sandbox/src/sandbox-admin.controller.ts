import { BadRequestException, Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { switchesPatchSchema, type SandboxSwitches } from './sandbox-switches';
import type { SandboxStatsView } from './sandbox-stats';
import { WechatSandbox } from './wechat-sandbox';

/** Test hooks: call counts, failure switches, revoking a token, reset. Never on real WeChat. */
@Controller('__admin')
export class SandboxAdminController {
  constructor(private readonly sandbox: WechatSandbox) {}

  @Get('stats')
  stats(): SandboxStatsView {
    return this.sandbox.stats.snapshot();
  }

  @Get('switches')
  switches(): SandboxSwitches {
    return { ...this.sandbox.switches };
  }

  @Put('switches')
  setSwitches(@Body() body: unknown): SandboxSwitches {
    const patch = switchesPatchSchema.safeParse(body ?? {});
    if (!patch.success) {
      throw new BadRequestException(
        patch.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    }
    return this.sandbox.setSwitches(patch.data);
  }

  @Post('revoke')
  @HttpCode(200)
  revoke(@Body() body: { access_token?: unknown } | undefined): { revoked: boolean } {
    const token = body?.access_token;
    if (typeof token !== 'string') throw new BadRequestException('access_token is required');
    return { revoked: this.sandbox.revoke(token) };
  }

  @Post('reset')
  @HttpCode(200)
  reset(): { reset: true } {
    this.sandbox.reset();
    return { reset: true };
  }
}
