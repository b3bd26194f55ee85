import { DEFAULT_LIFETIME_POLICY, cacheTtlMs } from './token-lifetime';

describe('cacheTtlMs', () => {
  describe('for tokens fetched with credentials', () => {
    it('keeps a two-hour token five minutes less than its lifetime', () => {
      expect(cacheTtlMs('credentials', 7_200)).toBe(6_900_000);
    });

    it('keeps a short-lived token for half its lifetime when the margin would eat it', () => {
      expect(cacheTtlMs('credentials', 120)).toBe(60_000);
    });

    it('assumes two hours when the source gives no lifetime', () => {
      expect(cacheTtlMs('credentials', undefined)).toBe(6_900_000);
    });

    it('does not cache a token about to die', () => {
      expect(cacheTtlMs('credentials', 1)).toBe(0);
    });
  });

  describe('for tokens read from a central server', () => {
    it('caps the lifetime at the central ceiling', () => {
      expect(cacheTtlMs('central', 7_200)).toBe(DEFAULT_LIFETIME_POLICY.centralMaxTtlMs);
    });

    it('uses the ceiling when no lifetime is known', () => {
      expect(cacheTtlMs('central', undefined)).toBe(DEFAULT_LIFETIME_POLICY.centralMaxTtlMs);
    });

    it('stays below a lifetime shorter than the ceiling', () => {
      expect(cacheTtlMs('central', 30)).toBe(15_000);
    });
  });
});
