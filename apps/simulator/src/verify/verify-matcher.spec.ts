import type { ManifestEntry } from '../manifest/manifest';
import { matchDelivered, type StoredPush } from './verify-matcher';
import { verifyDelivery } from './verify-runner';

const appId = 'wx5a1e0000000000a1';

function entry(i: number, extra: Partial<ManifestEntry> = {}): ManifestEntry {
  return {
    appId,
    openId: `oUser${String(i).padStart(23, '0')}`,
    kind: 'msg-text',
    mode: 'safe',
    msgType: 'text',
    createTime: '1767225600',
    msgId: String(9_007_199_254_740_993n + BigInt(i)),
    dedupeKey: `k${i}`,
    ...extra,
  };
}

function stored(e: ManifestEntry): StoredPush {
  const { appId: a, openId, createTime, msgType, event, msgId } = e;
  return { appId: a, openId, createTime, msgType, event, msgId };
}

const entries = Array.from({ length: 50 }, (_, i) => entry(i));

describe(matchDelivered.name, () => {
  it('finds every push the sandbox holds', () => {
    expect(matchDelivered(entries, entries.map(stored))).toEqual({
      total: 50,
      found: 50,
      missing: [],
    });
  });

  it('catches a push dropped on purpose', () => {
    const delivered = entries.filter((_, i) => i !== 17).map(stored);

    expect(matchDelivered(entries, delivered)).toEqual({
      total: 50,
      found: 49,
      missing: [entries[17]],
    });
  });

  it('tells apart ids past 2^53 that differ only in the last digit', () => {
    const delivered = entries.map((e, i) =>
      i === 3 ? { ...stored(e), msgId: entries[4].msgId } : stored(e),
    );

    expect(matchDelivered(entries, delivered).missing).toEqual([entries[3]]);
  });

  it('needs two stored events for two acknowledged ones sharing sender and second', () => {
    const twins = [
      entry(1, { msgType: 'event', event: 'LOCATION', msgId: undefined, dedupeKey: 'a' }),
      entry(1, { msgType: 'event', event: 'LOCATION', msgId: undefined, dedupeKey: 'b' }),
    ];

    expect(matchDelivered(twins, [stored(twins[0])]).missing).toHaveLength(1);
    expect(matchDelivered(twins, twins.map(stored)).missing).toHaveLength(0);
  });

  it('does not count a delivery to another account', () => {
    const elsewhere = { ...stored(entries[0]), appId: 'wx00000000000000b2' };

    expect(matchDelivered([entries[0]], [elsewhere]).missing).toEqual([entries[0]]);
  });

  it('is not fooled by a push delivered twice when another is missing', () => {
    const delivered = [stored(entries[0]), stored(entries[0])];

    expect(matchDelivered(entries.slice(0, 2), delivered).missing).toEqual([entries[1]]);
  });
});

describe(verifyDelivery.name, () => {
  it("waits until late deliveries arrive, reading only the manifest's CreateTimes", async () => {
    const spread = entries.map((e, i) => ({ ...e, createTime: String(1767225600 + i) }));
    let reads = 0;
    const report = await verifyDelivery(
      spread,
      (account, window) => {
        reads++;
        expect([account, window]).toEqual([appId, { since: 1767225600, until: 1767225649 }]);
        return Promise.resolve(spread.slice(0, reads * 20).map(stored));
      },
      { timeoutMs: 5_000, intervalMs: 1 },
    );

    expect(report).toMatchObject({ found: 50, missing: [] });
    expect(reads).toBe(3);
  });

  it('gives up at the deadline and lists what never arrived', async () => {
    const delivered = entries.filter((_, i) => i % 10 !== 0).map(stored);
    const report = await verifyDelivery(entries, () => Promise.resolve(delivered), {
      timeoutMs: 30,
      intervalMs: 5,
    });

    expect(report.missing.map((e) => e.dedupeKey)).toEqual(['k0', 'k10', 'k20', 'k30', 'k40']);
  });

  it('says why it could not read the sandbox', async () => {
    const report = await verifyDelivery(entries, () => Promise.reject(new Error('ECONNREFUSED')), {
      timeoutMs: 0,
      intervalMs: 1,
    });

    expect(report).toMatchObject({ found: 0, readError: 'ECONNREFUSED' });
  });
});
