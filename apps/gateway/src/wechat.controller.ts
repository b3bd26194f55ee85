import { Controller, Get, Logger, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { openHandshake } from '@oa-relay/wechat';
import { GatewayError } from './gateway-errors';
import { GatewayMetrics } from './gateway-metrics';
import { PushAccounts } from './push-accounts';
import { plainQuery } from './raw-envelope';

/** What a refusal's body says: a stable code and a message without secrets. */
interface RefusalBody {
  code: string;
  message: string;
}

/** WeChat's URL handshake per account; pushes are served by PushEndpoint, ahead of Nest. */
@Controller('wechat')
export class WechatController {
  private readonly logger = new Logger(WechatController.name);

  constructor(
    private readonly accounts: PushAccounts,
    private readonly metrics: GatewayMetrics,
  ) {}

  /** The handshake: `echostr` echoed unchanged as text/plain once `signature` checks out. */
  @Get(':appId')
  handshake(
    @Param('appId') appId: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string | RefusalBody {
    const account = this.accounts.find(appId);
    if (account === undefined) {
      return this.refuse(
        reply,
        appId,
        404,
        new GatewayError('GATEWAY_UNKNOWN_ACCOUNT', 'no account with this AppID'),
      );
    }
    const result = openHandshake(account.token, plainQuery(query));
    if (!result.ok) return this.refuse(reply, appId, 401, result.error);
    void reply.type('text/plain; charset=utf-8');
    return result.echostr;
  }

  private refuse(
    reply: FastifyReply,
    appId: string,
    status: number,
    error: GatewayError | { code: string; message: string },
  ): RefusalBody {
    this.metrics.refused(appId, error.code);
    this.logger.warn({ appId, code: error.code, status }, 'request refused');
    return this.reply(reply, status, error);
  }

  private reply(
    reply: FastifyReply,
    status: number,
    error: { code: string; message: string },
  ): RefusalBody {
    void reply.status(status);
    return { code: error.code, message: error.message };
  }
}
