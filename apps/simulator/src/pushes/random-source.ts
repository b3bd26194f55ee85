import { randomInt } from 'node:crypto';

/**
 * A small seeded generator (sfc32), so that `--seed` reproduces a run's pushes exactly;
 * without a seed every run differs. Not for secrets: nonces use node:crypto.
 */
export class RandomSource {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number = randomInt(0, 2 ** 32)) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** `length` characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** Lower-case hex, as in WeChat's md5 sums and media ids. */
  hex(length: number): string {
    return this.chars(length, '0123456789abcdef');
  }

  /** A decimal with `decimals` digits after the point, in [min, max]. */
  decimal(min: number, max: number, decimals: number): string {
    return (min + this.next() * (max - min)).toFixed(decimals);
  }
}

/** Letters, digits, `-` and `_`: the alphabet of openids, media ids and tickets. */
export const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
