import { createDecipheriv, type Decipher } from 'node:crypto';

const BLOCK_BYTES = 16;
const BLOCK_WORDS = BLOCK_BYTES / 4;

/**
 * AES-256-CBC decryption with one key, set up once and reused for every ciphertext. CBC
 * decrypts block by block: plain block i is AES⁻¹(cipher block i) XOR cipher block i-1 (the
 * IV for the first). An ECB decipher without padding keeps no state between whole blocks, so
 * one of them serves every push and the chaining is applied afterwards; creating a CBC
 * decipher per push cost more than the decryption itself.
 */
export class AesCbcDecipher {
  private readonly blocks: Decipher;
  /** A copy of the IV of our own, so that it can be read as words. */
  private readonly iv: Buffer;

  constructor(key: Buffer, iv: Buffer) {
    if (iv.length !== BLOCK_BYTES) throw new RangeError('iv must be 16 bytes');
    this.blocks = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
    this.iv = Buffer.from(iv);
  }

  /** Decrypts a ciphertext of whole blocks (a positive multiple of 16 bytes) into a new buffer. */
  decrypt(ciphertext: Buffer): Buffer {
    if (ciphertext.length === 0 || ciphertext.length % BLOCK_BYTES !== 0) {
      throw new RangeError('ciphertext must be whole AES blocks');
    }
    const plain = this.blocks.update(ciphertext);
    // Cannot happen without padding; checked so that a change in Node could not go unseen.
    if (plain.length !== ciphertext.length) throw new RangeError('ECB output length changed');
    chainBlocks(plain, ciphertext, this.iv);
    return plain;
  }
}

/** XORs each decrypted block with the cipher block before it (the IV for the first), in place. */
function chainBlocks(plain: Buffer, ciphertext: Buffer, iv: Buffer): void {
  if (plain.byteOffset % 4 === 0 && ciphertext.byteOffset % 4 === 0 && iv.byteOffset % 4 === 0) {
    const out = words(plain);
    const previous = words(ciphertext);
    const first = words(iv);
    for (let i = 0; i < BLOCK_WORDS; i++) out[i] ^= first[i];
    for (let i = BLOCK_WORDS; i < out.length; i++) out[i] ^= previous[i - BLOCK_WORDS];
    return;
  }
  for (let i = 0; i < BLOCK_BYTES; i++) plain[i] ^= iv[i];
  for (let i = BLOCK_BYTES; i < plain.length; i++) plain[i] ^= ciphertext[i - BLOCK_BYTES];
}

/** The buffer's bytes as 32-bit words, no copy; XOR per word is the same as XOR per byte. */
function words(buffer: Buffer): Int32Array {
  return new Int32Array(buffer.buffer, buffer.byteOffset, buffer.length / 4);
}
