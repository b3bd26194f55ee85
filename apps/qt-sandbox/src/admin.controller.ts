import { BadRequestException, Controller, Delete, Get, Inject, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { FaultSwitches, NO_FAULTS, faultsSchema, type Faults } from './fault-switches';
import { QtSandboxError } from './sandbox-error';

/** The fault switches, for tests and demos: GET to read, POST to set, DELETE to clear. */
@Controller('admin/faults')
export class AdminController {
  constructor(@Inject(FaultSwitches) private readonly faults: FaultSwitches) {}

  @Get()
  async get(): Promise<Faults> {
    return this.faults.get();
  }

  /** Sets the switches named in the body; the others keep their value. */
  @Post()
  async set(@Req() request: FastifyRequest): Promise<Faults> {
    const current = await this.faults.get();
    const parsed = faultsSchema.partial().safeParse(parseJson(request.body));
    if (!parsed.success) {
      const error = new QtSandboxError('QT_SANDBOX_BAD_ADMIN_REQUEST', {
        paths: parsed.error.issues.map((i) => i.path.join('.')),
      });
      throw new BadRequestException({ code: error.code, message: error.message, ...error.fields });
    }
    return this.faults.set({ ...current, ...parsed.data });
  }

  @Delete()
  async clear(): Promise<Faults> {
    return this.faults.set(NO_FAULTS);
  }
}

function parseJson(body: unknown): unknown {
  if (typeof body !== 'string' || body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
