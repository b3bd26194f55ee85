import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import { SandboxStore, type SandboxStats, type StoredEvent } from './sandbox-store';
import { QtSandboxError } from './sandbox-error';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 200_000;

/** What the sandbox holds: GET /events (a JSON list, newest push first) and GET /stats. */
@Controller()
export class EventsController {
  constructor(@Inject(SandboxStore) private readonly store: SandboxStore) {}

  /** Filters: code, account (AppID), since/until (the push's CreateTime, epoch seconds), limit. */
  @Get('events')
  async events(@Query() query: Record<string, string | undefined>): Promise<StoredEvent[]> {
    return this.store.events({
      code: query.code || undefined,
      account: query.account || undefined,
      since: optionalNumber(query, 'since'),
      until: optionalNumber(query, 'until'),
      limit: Math.min(optionalNumber(query, 'limit') ?? DEFAULT_LIMIT, MAX_LIMIT),
    });
  }

  @Get('stats')
  async stats(): Promise<SandboxStats> {
    return this.store.stats();
  }
}

function optionalNumber(
  query: Record<string, string | undefined>,
  name: string,
): number | undefined {
  const text = query[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    const error = new QtSandboxError('QT_SANDBOX_BAD_QUERY', { filter: name });
    throw new BadRequestException({ code: error.code, message: error.message, filter: name });
  }
  return value;
}
