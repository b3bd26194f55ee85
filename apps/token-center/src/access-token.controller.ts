import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Req,
  ServiceUnavailableException,
  UseGuards,
} from '@nestjs/common';
import { CenterMetrics, TokenRefresher, type RefreshOutcome } from '@oa-relay/token';
import { ApiKeyGuard, type CallerRequest } from './api-key.guard';

/** What callers (QT, the enricher) read; QT's JSONPath is `$.access_token`. */
export interface AccessTokenAnswer {
  access_token: string;
  expires_in: number;
}

const WAIT_FOR_TOKEN_MS = 5_000;

/** The central control server's API: read a token, report a rejected one. */
@Controller('v1/access-token')
@UseGuards(ApiKeyGuard)
export class AccessTokenController {
  constructor(
    private readonly refresher: TokenRefresher,
    private readonly metrics: CenterMetrics,
  ) {}

  @Get(':appId')
  async get(
    @Param('appId') appId: string,
    @Req() request: CallerRequest,
  ): Promise<AccessTokenAnswer> {
    const caller = request.caller ?? 'unknown';
    this.ensureServed(appId, caller, 'token');

    const record = await this.refresher.current(appId, WAIT_FOR_TOKEN_MS).catch(() => undefined);
    if (!record) {
      this.metrics.request(caller, 'token', 'unavailable');
      throw new ServiceUnavailableException('no valid token for this account yet');
    }
    this.metrics.request(caller, 'token', 'ok');
    return answer(record);
  }

  @Post(':appId/invalid')
  @HttpCode(200)
  async invalid(
    @Param('appId') appId: string,
    @Body() body: { access_token?: unknown } | undefined,
    @Req() request: CallerRequest,
  ): Promise<AccessTokenAnswer & { outcome: RefreshOutcome }> {
    const caller = request.caller ?? 'unknown';
    this.ensureServed(appId, caller, 'invalid');
    const token = typeof body?.access_token === 'string' ? body.access_token : '';

    const outcome = await this.refresher.reportInvalid(appId, token).catch(() => 'busy' as const);
    const record = await this.refresher.current(appId, WAIT_FOR_TOKEN_MS).catch(() => undefined);
    this.metrics.request(caller, 'invalid', outcome);
    if (!record) throw new ServiceUnavailableException('no valid token for this account yet');
    return { ...answer(record), outcome };
  }

  private ensureServed(appId: string, caller: string, route: 'token' | 'invalid'): void {
    if (this.refresher.serves(appId)) return;
    this.metrics.request(caller, route, 'unknown-account');
    throw new NotFoundException('this center keeps no token for that account');
  }
}

function answer(record: { token: string; expiresAt: number }): AccessTokenAnswer {
  return {
    access_token: record.token,
    expires_in: Math.max(0, Math.floor((record.expiresAt - Date.now()) / 1_000)),
  };
}
