import { maskToken } from './mask-token';

describe('maskToken', () => {
  it('shows only the ends and the length of a long token', () => {
    const token = 'ACCESS_TOKEN_0123456789_abcdefghijkl';

    const masked = maskToken(token);

    expect(masked).toBe(`ACCE…ijkl (${token.length} chars)`);
    expect(masked).not.toContain('0123456789');
  });

  it('hides a short token completely', () => {
    expect(maskToken('short')).toBe('***** (5 chars)');
  });
});
