import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QtSandboxService } from './qt-sandbox.service';

/** QT's receiving endpoint (section 3.2 of the reference). */
@Controller('server')
export class ThirdPartyDataSourceController {
  constructor(@Inject(QtSandboxService) private readonly sandbox: QtSandboxService) {}

  @Post('thirdPartyDataSource')
  async receive(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = typeof request.body === 'string' ? request.body : '';
    const answer = await this.sandbox.receive(body);
    await reply.status(answer.status).type('application/json').send(answer.body);
  }
}
