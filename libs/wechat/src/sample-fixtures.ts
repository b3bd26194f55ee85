import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where the library's copies of ../shared's samples and vectors live: beside src when run
 * from source (jest); when run compiled (benchmarks), in the first ancestor directory that
 * holds the repository's libs/wechat/test-fixtures.
 */
const FIXTURES = findFixtures();

function findFixtures(): string {
  const beside = join(__dirname, '..', 'test-fixtures');
  if (existsSync(beside)) return beside;
  for (let dir = dirname(__dirname); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'libs', 'wechat', 'test-fixtures');
    if (existsSync(candidate)) return candidate;
  }
  return beside;
}

/** Every sample push, by file name (e.g. `msg-text.xml`), for specs and benchmarks. */
export function loadSamplePushes(): ReadonlyArray<{ name: string; xml: string }> {
  const dir = join(FIXTURES, 'pushes');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.xml'))
    .sort()
    .map((name) => ({ name, xml: readFileSync(join(dir, name), 'utf8').trim() }));
}

/** The known-answer crypto vectors (a copy of ../shared/vectors/wechat-crypto.json). */
export function loadCryptoVectors(): CryptoVectors {
  return JSON.parse(readFileSync(join(FIXTURES, 'wechat-crypto.json'), 'utf8')) as CryptoVectors;
}

/** The shape of wechat-crypto.json. */
export interface CryptoVectors {
  signatures: Array<{
    name: string;
    token?: string;
    timestamp?: string;
    nonce?: string;
    parts?: string[];
    signature: string;
    mustReject?: string[];
  }>;
  encrypt: Array<{
    name: string;
    token: string;
    encodingAESKey: string;
    appId: string;
    timestamp: string;
    nonce: string;
    random: string;
    plaintext: string;
    encrypt: string;
    msgSignature: string;
  }>;
  decrypt: Array<{
    name: string;
    token: string;
    encodingAESKey: string;
    appId: string;
    timestamp: string;
    nonce: string;
    msgSignature: string;
    encrypt: string;
    plaintext?: string;
    expectFields?: Record<string, string>;
    mustReject?: Array<{ msgSignature?: string; appId?: string; why: string }>;
  }>;
}
