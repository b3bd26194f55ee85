import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parsePush } from './push.parser';
import { loadCryptoVectors, loadSamplePushes } from './sample-fixtures';

const COPIES = join(__dirname, '..', 'test-fixtures');
/** ../shared from the project's root, as every developer and CI run has it. */
const SHARED = join(__dirname, '..', '..', '..', '..', 'shared');
const SHARED_PUSHES = join(SHARED, 'samples', 'pushes');
const SHARED_VECTORS = join(SHARED, 'vectors', 'wechat-crypto.json');
// Without ../shared only the copies can be checked; with it, drift fails the unit tier.
const sharedPresent = existsSync(SHARED_PUSHES);

function xmlNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.xml'))
    .sort();
}

describe(loadSamplePushes.name, () => {
  it('loads every copy, each a push the parser reads', () => {
    const samples = loadSamplePushes();

    expect(samples.map((s) => s.name)).toEqual(xmlNames(join(COPIES, 'pushes')));
    expect(samples.length).toBeGreaterThan(0);
    for (const { xml } of samples) expect(() => parsePush(xml)).not.toThrow();
  });

  if (sharedPresent) {
    describe('copies of ../shared/samples/pushes', () => {
      it('keeps every copy byte-identical to the shared sample of its name', () => {
        for (const name of xmlNames(join(COPIES, 'pushes'))) {
          const copy = readFileSync(join(COPIES, 'pushes', name));
          const shared = join(SHARED_PUSHES, name);

          expect({ name, shared: existsSync(shared) }).toEqual({ name, shared: true });
          expect({ name, identical: copy.equals(readFileSync(shared)) }).toEqual({
            name,
            identical: true,
          });
        }
      });

      it('has a copy of every shared sample', () => {
        const copies = new Set(xmlNames(join(COPIES, 'pushes')));

        expect(xmlNames(SHARED_PUSHES).filter((name) => !copies.has(name))).toEqual([]);
      });
    });
  }
});

describe(loadCryptoVectors.name, () => {
  it('loads vectors of every kind', () => {
    const vectors = loadCryptoVectors();

    for (const kind of [vectors.signatures, vectors.encrypt, vectors.decrypt]) {
      expect(kind.length).toBeGreaterThan(0);
    }
  });

  if (sharedPresent) {
    // The copy is JSON that the formatter lays out, so it is held to the same values, not bytes.
    it('holds the very vectors of ../shared/vectors/wechat-crypto.json', () => {
      expect(loadCryptoVectors()).toEqual(JSON.parse(readFileSync(SHARED_VECTORS, 'utf8')));
    });
  }
});
