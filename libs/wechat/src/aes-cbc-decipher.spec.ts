import { createDecipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { AesCbcDecipher } from './aes-cbc-decipher';

/** Node's own CBC decipher, set up per ciphertext: the reference the reused one must match. */
function referenceDecrypt(key: Buffer, iv: Buffer, ciphertext: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** The same bytes at a given offset inside a larger buffer, to exercise unaligned views. */
function atOffset(bytes: Buffer, offset: number): Buffer {
  const host = Buffer.alloc(bytes.length + offset);
  bytes.copy(host, offset);
  return host.subarray(offset);
}

describe(AesCbcDecipher.name, () => {
  describe('decryption', () => {
    it("matches Node's CBC decipher for any key, IV, blocks and alignment, reused throughout", () => {
      const key = randomBytes(32);
      const iv = randomBytes(16);
      const decipher = new AesCbcDecipher(key, iv);
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 64 }),
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 0, max: 3 }),
          (blocks, cipherOffset, ivOffset) => {
            const ciphertext = atOffset(randomBytes(blocks * 16), cipherOffset);
            const shifted = new AesCbcDecipher(key, atOffset(iv, ivOffset));
            const expected = referenceDecrypt(key, iv, ciphertext);
            expect(decipher.decrypt(ciphertext).equals(expected)).toBe(true);
            expect(shifted.decrypt(ciphertext).equals(expected)).toBe(true);
          },
        ),
        { numRuns: 500 },
      );
    });

    it('leaves the ciphertext untouched', () => {
      const ciphertext = randomBytes(64);
      const copy = Buffer.from(ciphertext);
      new AesCbcDecipher(randomBytes(32), randomBytes(16)).decrypt(ciphertext);
      expect(ciphertext.equals(copy)).toBe(true);
    });
  });

  describe('refusals', () => {
    const decipher = new AesCbcDecipher(randomBytes(32), randomBytes(16));

    it.each([0, 15, 17, 40])('refuses a ciphertext of %i bytes, not whole blocks', (bytes) => {
      expect(() => decipher.decrypt(randomBytes(bytes))).toThrow(RangeError);
    });

    it('keeps decrypting correctly after refusing a partial block', () => {
      const key = randomBytes(32);
      const iv = randomBytes(16);
      const reused = new AesCbcDecipher(key, iv);
      expect(() => reused.decrypt(randomBytes(20))).toThrow(RangeError);
      const ciphertext = randomBytes(48);
      expect(reused.decrypt(ciphertext).equals(referenceDecrypt(key, iv, ciphertext))).toBe(true);
    });

    it('refuses an IV that is not 16 bytes', () => {
      expect(() => new AesCbcDecipher(randomBytes(32), randomBytes(12))).toThrow(RangeError);
    });
  });
});
