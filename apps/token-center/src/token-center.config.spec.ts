import { ConfigError, loadConfig } from '@oa-relay/config';
import type { ExecutionContext } from '@nestjs/common';
import { ApiKeyGuard, type CallerRequest } from './api-key.guard';
import { tokenCenterEnvSchema } from './token-center.config';

const base = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  ACCOUNTS_FILE: 'accounts.yaml',
  TOKEN_CENTER_API_KEYS: 'enricher=key-one, qt=key=two',
};

function contextFor(request: CallerRequest): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

describe('tokenCenterEnvSchema', () => {
  it('maps each API key to its caller name, keys may hold "="', () => {
    const config = loadConfig(tokenCenterEnvSchema, base);

    expect([...config.TOKEN_CENTER_API_KEYS]).toEqual([
      ['key-one', 'enricher'],
      ['key=two', 'qt'],
    ]);
    expect(config.PORT).toBe(3300);
  });

  it('reports a malformed key list by name, never by value', () => {
    const run = () =>
      loadConfig(tokenCenterEnvSchema, { ...base, TOKEN_CENTER_API_KEYS: 'secret-without-name' });

    expect(run).toThrow(ConfigError);
    expect(run).toThrow('TOKEN_CENTER_API_KEYS');
    expect(run).not.toThrow('secret-without-name');
  });
});

describe(ApiKeyGuard.name, () => {
  const guard = new ApiKeyGuard(loadConfig(tokenCenterEnvSchema, base));

  it('names the caller of a known bearer key', () => {
    const request: CallerRequest = { headers: { authorization: 'Bearer key=two' } };

    expect(guard.canActivate(contextFor(request))).toBe(true);
    expect(request.caller).toBe('qt');
  });

  it('refuses a missing, malformed or unknown key', () => {
    for (const authorization of [undefined, 'key-one', 'Bearer nope', 'Basic a2V5LW9uZQ==']) {
      expect(() => guard.canActivate(contextFor({ headers: { authorization } }))).toThrow(
        'API key',
      );
    }
  });
});
