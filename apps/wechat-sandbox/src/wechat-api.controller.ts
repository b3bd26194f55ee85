import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { SandboxGate } from './sandbox-gate';
import { WechatSandbox, type WechatAnswer } from './wechat-sandbox';

type Json = Record<string, unknown>;

/** WeChat's token and user endpoints, as the real API spells them. */
@Controller('cgi-bin')
export class WechatApiController {
  constructor(
    private readonly sandbox: WechatSandbox,
    private readonly gate: SandboxGate,
  ) {}

  @Get('token')
  async token(@Query() query: Json): Promise<WechatAnswer> {
    await this.gate.pass();
    return this.sandbox.token(query);
  }

  @Post('stable_token')
  async stableToken(@Body() body: Json | undefined): Promise<WechatAnswer> {
    await this.gate.pass();
    return this.sandbox.stableToken(body ?? {});
  }

  @Get('user/info')
  async userInfo(@Query() query: Json): Promise<WechatAnswer> {
    await this.gate.pass();
    return this.sandbox.userInfo(query);
  }

  @Post('user/info/batchget')
  async batchGet(@Query() query: Json, @Body() body: Json | undefined): Promise<WechatAnswer> {
    await this.gate.pass();
    return this.sandbox.batchGet(query, body ?? {});
  }
}
