import { extractToken } from './central-token-source';
import { TokenError } from './token-errors';

describe('extractToken', () => {
  it('finds the token and lifetime with the configured JSONPaths', () => {
    const body = { data: { token: 'abc', ttl: '600' } };

    expect(extractToken(body, '$.data.token', '$.data.ttl')).toEqual({
      token: 'abc',
      expiresInSec: 600,
    });
  });

  it('ignores a lifetime that is not a positive number', () => {
    expect(extractToken({ t: 'abc', e: 'soon' }, '$.t', '$.e')).toEqual({ token: 'abc' });
  });

  it('names the JSONPath when the answer has another shape', () => {
    const run = () => extractToken({ data: { accessToken: 'abc' } }, '$.access_token', undefined);

    expect(run).toThrow(TokenError);
    expect(run).toThrow('JSONPath $.access_token found no token');
  });

  it('says what it found instead of a token, without showing it', () => {
    try {
      extractToken({ access_token: { value: 'secret-ish' } }, '$.access_token', undefined);
      throw new Error('expected a TokenError');
    } catch (error) {
      expect(error).toMatchObject({ code: 'TOKEN_PATH_NOT_FOUND', fields: { found: 'a object' } });
      expect(JSON.stringify((error as TokenError).fields)).not.toContain('secret-ish');
    }
  });

  it('treats a malformed JSONPath as finding nothing', () => {
    expect(() => extractToken({ a: 1 }, '$[?(', undefined)).toThrow('found no token');
  });
});
