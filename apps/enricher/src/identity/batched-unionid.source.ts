import type { UnionIdLookup, WechatUserApi } from '@oa-relay/token';
import type { EnricherMetrics } from '../enricher-metrics';
import type { UnionIdSource } from './identity-resolver';
import { LookupCoalescer, type CoalescerOptions } from './lookup-coalescer';

/**
 * Looks unionids up through `user/info/batchget`, one coalescer per account: misses that
 * arrive within the window (or until the batch is full) share one call, and the answer is
 * joined by openid by the user API.
 */
export class BatchedUnionIdSource implements UnionIdSource {
  private readonly coalescers = new Map<string, LookupCoalescer<UnionIdLookup>>();

  constructor(
    private readonly userApi: Pick<WechatUserApi, 'batchGetUnionIds'>,
    private readonly options: CoalescerOptions,
    private readonly metrics?: Pick<EnricherMetrics, 'batch'>,
  ) {}

  /** What WeChat says about one openid, asked together with the account's other misses. */
  lookup(appId: string, openId: string): Promise<UnionIdLookup> {
    return this.coalescerOf(appId).lookup(openId);
  }

  private coalescerOf(appId: string): LookupCoalescer<UnionIdLookup> {
    let coalescer = this.coalescers.get(appId);
    if (!coalescer) {
      coalescer = new LookupCoalescer(this.options, (openIds) => {
        this.metrics?.batch(openIds.length);
        return this.userApi.batchGetUnionIds(appId, openIds);
      });
      this.coalescers.set(appId, coalescer);
    }
    return coalescer;
  }
}
