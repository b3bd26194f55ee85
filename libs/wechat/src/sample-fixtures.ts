import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the library's copies of ../shared's samples and vectors live: beside src when run
 * from source (jest), in the repository when run compiled from dist (benchmarks).
 */
const FIXTURES =
  [
    join(__dirname, '..', 'test-fixtures'),
    join(__dirname, '..', '..', '..', '..', 'libs', 'wechat', 'test-fixtures'),
  ].find((dir) => existsSync(dir)) ?? join(__dirname, '..', 'test-fixtures');

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
