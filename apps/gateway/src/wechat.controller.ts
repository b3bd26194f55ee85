import { Controller, Get, HttpCode, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { openHandshake } from '@oa-relay/wechat';
import { GatewayError } from './gateway-errors';
import { GatewayMetrics } from './gateway-metrics';
import { PushAccounts } from './push-accounts';
import { PushIntakeService } from './push-intake.service';
import { plainQuery } from './raw-envelope';

/** What a refusal's body says: a stable code and a message without secrets. */
interface RefusalBody {
  code: string;
  message: string;
}

/** WeChat's two requests per account: the URL handshake and the pushes. */
@Controller('wechat')
export class WechatController {
  private readonly logger = new Logger(WechatController.name);

  constructor(
    private readonly accounts: PushAccounts,
    private readonly intake: PushIntakeService,
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

  /** A push: `success` once stored in Kafka (or known as a retry), 4xx refused, 503 retry. */
  @Post(':appId')
  @HttpCode(200)
  async push(
    @Param('appId') appId: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | RefusalBody> {
    const receivedAt = new Date();
    if (typeof request.body !== 'string') {
      return this.refuse(
        reply,
        appId,
        400,
        new GatewayError('GATEWAY_BAD_BODY', 'the body is not text'),
      );
    }

    const outcome = await this.intake.receive({
      appId,
      query: plainQuery(query),
      body: request.body,
      receivedAt,
    });
    switch (outcome.kind) {
      case 'stored':
      case 'duplicate':
        void reply.type('text/plain; charset=utf-8');
        return 'success';
      case 'refused':
        return this.reply(reply, outcome.status, outcome.error);
      case 'unavailable':
        return this.reply(reply, 503, outcome.error);
    }
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
