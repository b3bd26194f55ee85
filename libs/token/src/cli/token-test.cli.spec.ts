import { describeResult, runTokenTest } from './token-test.cli';

describe('token-test CLI', () => {
  let written: string[];

  beforeEach(() => {
    written = [];
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  });

  afterEach(() => jest.restoreAllMocks());

  describe('arguments', () => {
    it('prints the help and exits 0 for --help', async () => {
      await expect(runTokenTest(['--help'])).resolves.toBe(0);

      expect(written.join('')).toContain('Usage: token-test');
      expect(written.join('')).not.toContain('outputHelp');
    });

    it('exits non-zero, saying it once, when the appId is missing', async () => {
      await expect(runTokenTest([])).resolves.toBe(1);

      const said = written.join('').match(/missing required argument/g) ?? [];
      expect(said).toHaveLength(1);
    });
  });

  describe(describeResult.name, () => {
    it('shows a found token masked, with the JSONPath and its lifetime', () => {
      const line = describeResult('wx1', {
        found: true,
        source: 'central https://center.example/v1/access-token/wx1',
        tokenPath: '$.data.token',
        masked: 'AbCd…wXyZ',
        expiresInSec: 7000,
      });

      expect(line).toBe(
        'OK   wx1: central https://center.example/v1/access-token/wx1 with JSONPath $.data.token found token AbCd…wXyZ, expires in 7000 s',
      );
    });

    it('names the code and the JSONPath when nothing was found', () => {
      const line = describeResult('wx1', {
        found: false,
        source: 'central https://center.example',
        tokenPath: '$.token',
        code: 'TOKEN_PATH_NOT_FOUND',
        message: 'the JSONPath $.token found nothing',
      });

      expect(line).toBe(
        'FAIL wx1: central https://center.example with JSONPath $.token: TOKEN_PATH_NOT_FOUND: the JSONPath $.token found nothing',
      );
    });
  });
});
