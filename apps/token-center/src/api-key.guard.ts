import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { APP_CONFIG } from '@oa-relay/config';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TokenCenterConfig } from './token-center.config';

/** The request, as the guard leaves it for the controller. */
export interface CallerRequest {
  headers: Record<string, string | string[] | undefined>;
  caller?: string;
}

/** Lets through callers holding a configured API key as a bearer token, and names them. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: { digest: Buffer; caller: string }[];

  constructor(@Inject(APP_CONFIG) config: TokenCenterConfig) {
    this.keys = [...config.TOKEN_CENTER_API_KEYS].map(([key, caller]) => ({
      digest: digest(key),
      caller,
    }));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<CallerRequest>();
    const header = request.headers.authorization;
    const presented = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header)?.[1] : undefined;
    if (!presented) throw new UnauthorizedException('a bearer API key is required');

    // Comparing digests keeps the comparison constant-time whatever the key's length.
    const candidate = digest(presented);
    const match = this.keys.find((k) => timingSafeEqual(k.digest, candidate));
    if (!match) throw new UnauthorizedException('unknown API key');
    request.caller = match.caller;
    return true;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
