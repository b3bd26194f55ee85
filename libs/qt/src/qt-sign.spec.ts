import { buildQtRequest } from './qt-request';
import { javaUtf8Bytes, md5Hex, signQtRequest } from './qt-sign';
import { loadSignVectors } from './sign-vectors.fixture';

const vectors = loadSignVectors();

describe(signQtRequest.name, () => {
  describe('MD5 as MD5Util computes it', () => {
    it.each(vectors.md5.map((v, i) => [i, v] as const))('matches MD5Util for input %i', (_i, v) => {
      expect(md5Hex(v.input)).toBe(v.md5);
    });

    it('encodes a lone surrogate as ? as Java does, not as U+FFFD', () => {
      expect([...javaUtf8Bytes('a\ud800b')]).toEqual([0x61, 0x3f, 0x62]);
      expect([...javaUtf8Bytes('🙂')]).toEqual([0xf0, 0x9f, 0x99, 0x82]);
    });
  });

  describe('golden requests', () => {
    it('covers the reference example, the samples and random strings', () => {
      expect(vectors.requests.length).toBeGreaterThanOrEqual(100);
      expect(vectors.requests.some((r) => r.name.startsWith('sample '))).toBe(true);
    });

    it.each(vectors.requests.map((r) => [r.name, r] as const))('signs %s', (_name, vector) => {
      const request = buildQtRequest(vector.input);
      const { sign, ...unsigned } = request.fields;

      expect(signQtRequest(unsigned, vector.input.serviceSecret)).toBe(vector.sign);
      expect(sign).toBe(vector.sign);
      expect(request.body).toBe(vector.body);
    });
  });

  it('ignores a sign field already present in the map', () => {
    expect(signQtRequest({ a: '1', sign: 'x' }, 's')).toBe(signQtRequest({ a: '1' }, 's'));
  });

  it('changes with the secret', () => {
    expect(signQtRequest({ a: '1' }, 's1')).not.toBe(signQtRequest({ a: '1' }, 's2'));
  });
});
