import { PermanentError, RetriableError } from '@oa-relay/messaging';
import { TokenError, type UnionIdLookup } from '@oa-relay/token';
import { Registry } from 'prom-client';
import { EnricherMetrics } from '../enricher-metrics';
import { IdentityResolver, type ResolveRequest } from './identity-resolver';
import { UnionIdCache } from './unionid-cache';

const APP = 'wx00000000000000e1';

/** Redis as the cache's command batcher sees it: GET, SET … EX and DEL. */
class MemoryRedis {
  readonly values = new Map<string, { value: string; ttl: number }>();
  down = false;

  call(command: string, key: string, ...args: (string | number)[]): Promise<unknown> {
    if (this.down) return Promise.reject(new Error('connection refused'));
    switch (command) {
      case 'GET':
        return Promise.resolve(this.values.get(key)?.value ?? null);
      case 'SET':
        this.values.set(key, { value: String(args[0]), ttl: Number(args[2]) });
        return Promise.resolve('OK');
      case 'DEL':
        return Promise.resolve(this.values.delete(key) ? 1 : 0);
      default:
        return Promise.reject(new Error(`unexpected command ${command}`));
    }
  }
}

function setup(answer: (openId: string) => UnionIdLookup | Error) {
  const redis = new MemoryRedis();
  const cache = new UnionIdCache(redis, {
    keyPrefix: 'spec:',
    ttlSeconds: 1_000,
    noUnionIdTtlSeconds: 60,
  });
  const asked: string[] = [];
  const source = {
    lookup: (_appId: string, openId: string) => {
      asked.push(openId);
      const result = answer(openId);
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
    },
  };
  const registry = new Registry();
  const resolver = new IdentityResolver(cache, source, new EnricherMetrics(registry));
  const count = async (name: string, labels: Record<string, string>) => {
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
    const values = (metric?.values ?? []) as { value: number; labels: Record<string, string> }[];
    return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
  };
  return { redis, resolver, asked, count };
}

const unionRequest = (openId: string): ResolveRequest => ({
  appId: APP,
  openId,
  identity: 'unionid',
});

describe(IdentityResolver.name, () => {
  describe('openid accounts', () => {
    it('uses the openid without asking anyone', async () => {
      const { resolver, asked } = setup(() => new Error('must not be called'));

      const identity = await resolver.resolve({ appId: APP, openId: 'o1', identity: 'openid' });

      expect(identity).toEqual({ openId: 'o1', distinctId: 'o1', source: 'openid' });
      expect(asked).toEqual([]);
    });
  });

  describe('unionid accounts', () => {
    it('asks WeChat once, caches the unionid and serves it from the cache after', async () => {
      const { resolver, asked, redis, count } = setup((o) => ({
        openid: o,
        outcome: 'found',
        subscribed: true,
        unionid: `u-${o}`,
      }));

      const first = await resolver.resolve(unionRequest('o1'));
      const second = await resolver.resolve(unionRequest('o1'));

      const expected = { openId: 'o1', unionId: 'u-o1', distinctId: 'u-o1', source: 'unionid' };
      expect(first).toEqual(expected);
      expect(second).toEqual(expected);
      expect(asked).toEqual(['o1']);
      expect(redis.values.get(`spec:unionid:${APP}:o1`)).toEqual({ value: 'u-o1', ttl: 1_000 });
      expect(await count('enricher_unionid_lookups_total', { outcome: 'batched' })).toBe(1);
      expect(await count('enricher_unionid_lookups_total', { outcome: 'cache_hit' })).toBe(1);
    });

    it('falls back to the openid when WeChat has no unionid, and counts it', async () => {
      const { resolver, count } = setup((o) => ({ openid: o, outcome: 'found', subscribed: true }));

      const identity = await resolver.resolve(unionRequest('o2'));

      expect(identity).toEqual({
        openId: 'o2',
        distinctId: 'o2',
        source: 'openid-fallback',
        fallbackReason: 'no-unionid',
      });
      expect(await count('enricher_unionid_fallbacks_total', { reason: 'no-unionid' })).toBe(1);
    });

    it('remembers an absence briefly, and asks again for a follow when told to', async () => {
      const { resolver, asked, redis } = setup((o) => ({ openid: o, outcome: 'invalid-openid' }));

      await resolver.resolve(unionRequest('bad'));
      const cached = await resolver.resolve(unionRequest('bad'));
      await resolver.resolve({ ...unionRequest('bad'), ignoreCachedAbsence: true });

      expect(cached.fallbackReason).toBe('invalid-openid');
      expect(redis.values.get(`spec:unionid:${APP}:bad`)?.ttl).toBe(60);
      expect(asked).toEqual(['bad', 'bad']);
    });

    it('turns WeChat being busy into a retriable error with the token library code', async () => {
      const busy = new TokenError('WECHAT_API_BUSY', 'WeChat is busy', { appId: APP });
      const { resolver, count } = setup(() => busy);

      const failure = resolver.resolve(unionRequest('o3'));

      await expect(failure).rejects.toBeInstanceOf(RetriableError);
      await expect(failure).rejects.toMatchObject({ code: 'WECHAT_API_BUSY' });
      expect(await count('enricher_unionid_lookups_total', { outcome: 'error' })).toBe(1);
    });

    it('dead-letters, without caching, a lookup WeChat refuses for good (48001)', async () => {
      const refused = new TokenError('WECHAT_API_ERROR', 'refused', { errcode: 48001 });
      const { resolver, redis, count } = setup(() => refused);

      const failure = resolver.resolve(unionRequest('o4'));

      await expect(failure).rejects.toBeInstanceOf(PermanentError);
      await expect(failure).rejects.toMatchObject({
        code: 'WECHAT_API_ERROR',
        fields: { errcode: 48001 },
      });
      expect(redis.values.size).toBe(0);
      expect(await count('enricher_unionid_lookups_total', { outcome: 'error' })).toBe(1);
    });

    it('dead-letters a lookup whose token source rejects the credentials', async () => {
      const rejected = new TokenError('TOKEN_CREDENTIALS_REJECTED', 'appSecret rejected', {
        appId: APP,
      });
      const { resolver } = setup(() => rejected);

      await expect(resolver.resolve(unionRequest('o6'))).rejects.toMatchObject({
        code: 'TOKEN_CREDENTIALS_REJECTED',
      });
    });

    it('makes an unreachable cache retriable', async () => {
      const { resolver, redis } = setup(() => new Error('must not be called'));
      redis.down = true;

      await expect(resolver.resolve(unionRequest('o5'))).rejects.toMatchObject({
        code: 'ENRICHER_CACHE_UNAVAILABLE',
      });
    });
  });
});
