import { Logger } from '@nestjs/common';
import type { IdentityV1 } from '@oa-relay/events';
import { PermanentError, RetriableError } from '@oa-relay/messaging';
import { TokenError, type UnionIdLookup } from '@oa-relay/token';
import type { EnricherMetrics } from '../enricher-metrics';
import type { CachedUnionId, UnionIdCache } from './unionid-cache';

/** Where unionids come from when the cache has none: the batching lookup in production. */
export interface UnionIdSource {
  lookup(appId: string, openId: string): Promise<UnionIdLookup>;
}

/** One sender to identify, as its account asks. */
export interface ResolveRequest {
  appId: string;
  openId: string;
  identity: 'openid' | 'unionid';
  /** Ask WeChat again even if it recently had no unionid (a follow may have just changed that). */
  ignoreCachedAbsence?: boolean;
}

/**
 * Resolves who sent a push: the OpenID, or the UnionID from the cache or WeChat. No unionid or
 * an invalid openid fall back to the OpenID, marked and counted; trouble a retry can fix (busy,
 * quota, timeouts, Redis) throws a RetriableError. A lookup refused for good (a wrong secret,
 * a token source answering nonsense, an API the account may not use) throws a PermanentError:
 * the push is dead-lettered and replayed once the configuration is fixed, because an OpenID
 * published in place of the UnionID would split that user's history for good.
 */
export class IdentityResolver {
  private readonly logger = new Logger(IdentityResolver.name);

  constructor(
    private readonly cache: UnionIdCache,
    private readonly source: UnionIdSource,
    private readonly metrics: EnricherMetrics,
  ) {}

  /** The identity block of the enriched event. */
  async resolve(request: ResolveRequest): Promise<IdentityV1> {
    const { appId, openId } = request;
    if (request.identity === 'openid') return { openId, distinctId: openId, source: 'openid' };

    const cached = await this.cache.get(appId, openId);
    if (cached?.kind === 'unionid' || (cached && !request.ignoreCachedAbsence)) {
      this.metrics.lookup(appId, 'cache_hit');
      return this.fromCache(appId, openId, cached);
    }
    const answer = await this.ask(appId, openId);
    return this.fromAnswer(appId, openId, answer);
  }

  private fromCache(appId: string, openId: string, cached: CachedUnionId): IdentityV1 {
    if (cached.kind === 'unionid') {
      return { openId, unionId: cached.unionId, distinctId: cached.unionId, source: 'unionid' };
    }
    return this.fallback(appId, openId, cached.reason);
  }

  private async ask(appId: string, openId: string): Promise<UnionIdLookup> {
    try {
      return await this.source.lookup(appId, openId);
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      this.metrics.lookup(appId, 'error');
      if (error.retriable) {
        throw new RetriableError(error.message, error.fields, { code: error.code, cause: error });
      }
      this.logger.warn({ appId, code: error.code }, 'unionid lookup refused for good');
      throw new PermanentError(error.code, error.message, error.fields, { cause: error });
    }
  }

  private async fromAnswer(
    appId: string,
    openId: string,
    answer: UnionIdLookup,
  ): Promise<IdentityV1> {
    if (answer.outcome === 'found' && answer.unionid) {
      this.metrics.lookup(appId, 'batched');
      await this.cache.remember(appId, openId, { kind: 'unionid', unionId: answer.unionid });
      return { openId, unionId: answer.unionid, distinctId: answer.unionid, source: 'unionid' };
    }
    const reason = reasonOf(answer);
    this.metrics.lookup(appId, 'fallback');
    if (answer.outcome !== 'not-returned') {
      await this.cache.remember(appId, openId, { kind: 'none', reason });
    }
    return this.fallback(appId, openId, reason);
  }

  private fallback(appId: string, openId: string, reason: string): IdentityV1 {
    this.metrics.fallback(appId, reason);
    return { openId, distinctId: openId, source: 'openid-fallback', fallbackReason: reason };
  }
}

/** The `fallbackReason` of an answer without a unionid. */
function reasonOf(answer: UnionIdLookup): string {
  switch (answer.outcome) {
    case 'found':
      return answer.subscribed ? 'no-unionid' : 'not-subscribed';
    case 'invalid-openid':
      return 'invalid-openid';
    case 'not-returned':
      return 'not-returned';
  }
}
