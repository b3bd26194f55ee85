import { fastjsonString, serializeFastjsonSorted } from './fastjson-serializer';
import { md5Hex } from './qt-sign';
import { loadSignVectors } from './sign-vectors.fixture';

const vectors = loadSignVectors();

describe(serializeFastjsonSorted.name, () => {
  it('was checked against fastjson 1.2.83', () => {
    expect(vectors.fastjsonVersion).toBe('1.2.83');
  });

  describe('escaping', () => {
    it('writes every UTF-16 code unit exactly as fastjson does', () => {
      const escapes = new Map(vectors.escapes);
      const mismatches: string[] = [];
      for (let unit = 0; unit <= 0xffff; unit++) {
        const char = String.fromCharCode(unit);
        const expected = `"${escapes.get(unit) ?? char}"`;
        if (fastjsonString(char) !== expected) mismatches.push(unit.toString(16));
      }
      expect(mismatches).toEqual([]);
    });

    it('escapes U+2028 and U+2029 but leaves </ and emoji alone', () => {
      expect(fastjsonString('\u2028</x>🙂\u2029')).toBe('"\\u2028</x>🙂\\u2029"');
    });

    it('writes other control characters with upper-case hex', () => {
      expect(fastjsonString('\u001b\u007f\u0000')).toBe('"\\u001B\\u007F\\u0000"');
    });
  });

  describe('maps', () => {
    it.each(vectors.serialize.map((v, i) => [i, v] as const))(
      'matches fastjson for map %i',
      (_i, vector) => {
        const json = serializeFastjsonSorted(vector.fields);

        expect(json).toBe(vector.json);
        expect(md5Hex(json)).toBe(vector.md5);
      },
    );

    it('sorts keys in UTF-16 code unit order, upper case before underscore before lower case', () => {
      expect(serializeFastjsonSorted({ b: '', a: '', _: '', Z: '' })).toBe(
        '{"Z":"","_":"","a":"","b":""}',
      );
    });

    it('writes a repeated value as an array of strings', () => {
      expect(serializeFastjsonSorted({ n: ['1', '2'] })).toBe('{"n":["1","2"]}');
    });
  });
});
