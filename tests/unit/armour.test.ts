import { describe, expect, it } from 'vitest';
import { LETTERS, decodeArmour, decodedLength, encodeArmour, encodedLength, isArmourChar, type ArmourEncoding } from '@/lib/crypto/armour';
import { xWeightedLength } from '@/lib/sites/x/profile';

function bytesOf(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 151 + seed * 13 + 7) & 0xff);
}

describe('the letter alphabet', () => {
  it('has 1,024 distinct single-character letters, none of them ASCII', () => {
    expect(LETTERS).toHaveLength(1024);
    expect(new Set(LETTERS).size).toBe(1024);
    for (const letter of LETTERS) {
      expect(letter).toMatch(/^[\p{Lu}\p{Ll}\p{Lt}\p{Lo}]$/u);
      expect(letter.codePointAt(0)).toBeGreaterThan(0x7f);
    }
  });

  it('is unchanged by Unicode normalisation, letter by letter and in any pair', () => {
    for (const letter of LETTERS) {
      expect(letter.normalize('NFC')).toBe(letter);
      expect(letter.normalize('NFKC')).toBe(letter);
    }
    const changed = LETTERS.flatMap((a) => LETTERS.filter((b) => (a + b).normalize('NFC') !== a + b).map((b) => a + b));
    expect(changed).toEqual([]);
  });

  it('weighs 1 per letter on X, so a post carries 10 bits per counted character', () => {
    expect(xWeightedLength(LETTERS.join(''))).toBe(1024);
    expect(LETTERS.join('')).not.toMatch(/[\u0590-\u08ff]/); // no right-to-left script
  });
});

describe('encodeArmour and decodeArmour', () => {
  const encodings: ArmourEncoding[] = ['base64url', 'letters'];

  it('base64url is unpadded RFC 4648 base64url', () => {
    for (const length of [0, 1, 2, 3, 31, 32, 100]) {
      expect(encodeArmour('base64url', bytesOf(length, length))).toBe(Buffer.from(bytesOf(length, length)).toString('base64url'));
    }
  });

  it('round-trips every length, using only its own characters', () => {
    for (const encoding of encodings) {
      for (let length = 0; length <= 64; length++) {
        const bytes = bytesOf(length, length);
        const text = encodeArmour(encoding, bytes);
        expect(text).toHaveLength(encodedLength(encoding, length));
        expect([...text].every((char) => isArmourChar(encoding, char))).toBe(true);
        const decoded = decodeArmour(encoding, text)!;
        // Letters carry 10 bits: a length of 4 mod 5 leaves 8 padding bits, one extra zero byte.
        expect(decoded.subarray(0, length)).toEqual(bytes);
        expect(decoded.length).toBe(decodedLength(encoding, text.length));
        expect(decoded.length - length).toBe(encoding === 'letters' && length % 5 === 4 ? 1 : 0);
      }
    }
  });

  it('packs letters big-endian, padding the last one with zero bits', () => {
    expect(encodeArmour('letters', new Uint8Array([0, 0]))).toBe(LETTERS[0]! + LETTERS[0]!);
    expect(encodeArmour('letters', new Uint8Array([0xff, 0xc0]))).toBe(LETTERS[1023]! + LETTERS[0]!);
    expect(encodeArmour('letters', new Uint8Array([0x00, 0x40]))).toBe(LETTERS[1]! + LETTERS[0]!);
    expect(encodeArmour('letters', new Uint8Array([0x00, 0x20]))).toBe(LETTERS[0]! + LETTERS[512]!);
  });

  it('refuses characters of the other encoding, spaces and look-alikes', () => {
    expect(decodeArmour('base64url', 'abc def')).toBeNull();
    expect(decodeArmour('base64url', LETTERS[0]!)).toBeNull();
    expect(decodeArmour('letters', 'abc')).toBeNull();
    expect(decodeArmour('letters', `${LETTERS[0]} ${LETTERS[1]}`)).toBeNull();
    expect(decodeArmour('letters', `${LETTERS[0]}\u0301`)).toBeNull(); // a letter with a combining accent
  });
});
