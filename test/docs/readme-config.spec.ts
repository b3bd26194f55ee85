import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_APPS, appEnvNames, repoRoot } from '../support/app-config-schemas';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

describe('README configuration reference', () => {
  describe.each(SERVICE_APPS)('%s', (app) => {
    it('documents every environment variable the app reads', () => {
      const undocumented = appEnvNames(app).filter((name) => !readme.includes(`\`${name}\``));

      expect(undocumented).toEqual([]);
    });
  });
});
