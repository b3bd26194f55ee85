import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountRegistry, loadAccountsFile, parseAccounts } from './accounts';
import { ConfigError } from './config-error';

const validAccount = {
  appId: 'wx0123456789abcdef',
  name: 'Shop',
  token: { env: 'SHOP_TOKEN' },
  qt: { appkey: 'appkey-1' },
};

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe(parseAccounts.name, () => {
  describe('secret references', () => {
    it('resolves { env: NAME } from the environment', () => {
      const [account] = parseAccounts({ accounts: [validAccount] }, { SHOP_TOKEN: 't0ken' });

      expect(account.token).toBe('t0ken');
      expect(account.identity).toBe('openid');
      expect(account.qt.forward).toBe('table');
    });

    it('names the missing variable and never prints a secret', () => {
      const secretValue = 'SUPER-SECRET-appkey';
      const account = { ...validAccount, qt: { appkey: secretValue }, identity: 'bogus' };

      const problems = problemsOf(() => parseAccounts({ accounts: [account] }, {}));

      expect(problems).toEqual(
        expect.arrayContaining([
          'accounts.0.token: environment variable SHOP_TOKEN is not set',
          'accounts.0.identity must be one of openid, unionid',
        ]),
      );
      expect(problems.join('\n')).not.toContain(secretValue);
    });
  });

  describe('whole-file checks', () => {
    it('reports every problem together', () => {
      const problems = problemsOf(() =>
        parseAccounts(
          {
            accounts: [
              { ...validAccount, identity: 'unionid', requireEncryption: true },
              { ...validAccount, appId: 'not-an-app-id' },
            ],
          },
          { SHOP_TOKEN: 'x' },
        ),
      );

      expect(problems).toEqual(
        expect.arrayContaining([
          'accounts.0.encodingAESKey: is required when requireEncryption is true',
          'accounts.0.accessToken: is required when identity is unionid',
          'accounts.1.appId has the wrong format',
        ]),
      );
    });

    it('refuses a previousEncodingAESKey on an account without an encodingAESKey, naming the account', () => {
      const previous = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';
      const account = { ...validAccount, previousEncodingAESKey: previous };

      const problems = problemsOf(() =>
        parseAccounts({ accounts: [account] }, { SHOP_TOKEN: 'x' }),
      );

      expect(problems).toEqual([
        'accounts.0.previousEncodingAESKey: is set for account wx0123456789abcdef, which has no encodingAESKey to rotate from',
      ]);
      expect(problems.join('\n')).not.toContain(previous.slice(0, 10));
    });

    it('reports an unset variable of a lone previousEncodingAESKey and the missing key together', () => {
      const account = { ...validAccount, previousEncodingAESKey: { env: 'SHOP_AES_KEY_OLD' } };

      const problems = problemsOf(() =>
        parseAccounts({ accounts: [account] }, { SHOP_TOKEN: 'x' }),
      );

      expect(problems).toEqual([
        'accounts.0.previousEncodingAESKey: environment variable SHOP_AES_KEY_OLD is not set',
        'accounts.0.previousEncodingAESKey: is set for account wx0123456789abcdef, which has no encodingAESKey to rotate from',
      ]);
    });

    it('blames only the variable when the encodingAESKey beside a previous one is unset', () => {
      const account = {
        ...validAccount,
        encodingAESKey: { env: 'SHOP_AES_KEY' },
        previousEncodingAESKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
      };

      const problems = problemsOf(() =>
        parseAccounts({ accounts: [account] }, { SHOP_TOKEN: 'x' }),
      );

      expect(problems).toEqual([
        'accounts.0.encodingAESKey: environment variable SHOP_AES_KEY is not set',
      ]);
    });

    it('accepts a previousEncodingAESKey beside an encodingAESKey', () => {
      const account = {
        ...validAccount,
        encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
        previousEncodingAESKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
      };

      const [parsed] = parseAccounts({ accounts: [account] }, { SHOP_TOKEN: 'x' });

      expect(parsed.previousEncodingAESKey).toBe(account.previousEncodingAESKey);
    });

    it('refuses an AppID listed twice', () => {
      const problems = problemsOf(() =>
        parseAccounts({ accounts: [validAccount, validAccount] }, { SHOP_TOKEN: 'x' }),
      );

      expect(problems).toContain('accounts.1.appId: is listed twice');
    });

    it('freezes what it returns', () => {
      const accounts = parseAccounts({ accounts: [validAccount] }, { SHOP_TOKEN: 'x' });

      expect(Object.isFrozen(accounts[0].qt)).toBe(true);
    });
  });
});

describe(loadAccountsFile.name, () => {
  it('loads the shipped example with its variables set', () => {
    const env = {
      EXAMPLE_WECHAT_TOKEN: 'a',
      EXAMPLE_WECHAT_AES_KEY: 'b',
      EXAMPLE_QT_APPKEY: 'c',
      EXAMPLE_TOKEN_CENTER_AUTH: 'Bearer d',
      EXAMPLE2_WECHAT_TOKEN: 'e',
      EXAMPLE2_QT_APPKEY: 'f',
    };

    const registry = new AccountRegistry(
      loadAccountsFile(join(__dirname, '../../../config/accounts.example.yaml'), env),
    );

    expect(registry.all()).toHaveLength(2);
    expect(registry.find('wx0123456789abcdef')?.accessToken?.type).toBe('central');
    expect(registry.find('wx0000000000000000')).toBeUndefined();
  });

  it('gives a coded error for a file that cannot be read, saying why (ENOENT)', () => {
    expect(() => loadAccountsFile('/nonexistent/accounts.yaml', {})).toThrow(
      expect.objectContaining({
        code: 'CONFIG_ACCOUNTS_UNREADABLE',
        message: expect.stringContaining('cannot read the file (ENOENT)'),
      }),
    );
  });

  it('says a file is not YAML by the parser code, without quoting the file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'accounts-')), 'accounts.yaml');
    writeFileSync(path, 'accounts:\n  - appId: wx1\n token: "s3cret-in-a-broken-file\n');

    let thrown: unknown;
    try {
      loadAccountsFile(path, {});
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toMatchObject({ code: 'CONFIG_ACCOUNTS_UNREADABLE' });
    expect(String((thrown as Error).message)).not.toContain('s3cret');
  });
});
