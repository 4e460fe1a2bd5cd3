/**
 * The two text encodings of an envelope's bytes. Both are one unbroken word of characters X
 * counts as 1 each (see xWeightedLength in envelope.ts), with nothing X turns into a link,
 * mention, hashtag or cashtag.
 *
 * - base64url (after "🔒NU1:"): 6 bits per character, plain ASCII. For DMs, where room is plenty.
 * - letters (after "🔒NU1~"): 10 bits per character, each one of 1,024 letters of the Latin,
 *   Greek, Cyrillic, Armenian and Georgian scripts. X counts every code point up to U+10FF as
 *   1, so this carries two thirds more per 280-character post. Every letter is its own NFC and
 *   NFKC form and no pair of them composes, so Unicode normalisation on the way cannot change it.
 *   Bits are packed big-endian, the last letter padded with zero bits.
 */
export type ArmourEncoding = 'base64url' | 'letters';

/** The character between "🔒NU<version>" and the body names the encoding. */
export const ENCODING_SEPARATORS: Record<ArmourEncoding, string> = { base64url: ':', letters: '~' };

/** The letter alphabet as code point ranges, in order: letter i stands for the 10-bit value i. */
const LETTER_RANGES: [number, number][] = [
  [0xc0, 0xd6], [0xd8, 0xf6], [0xf8, 0x131], [0x134, 0x13e], [0x141, 0x148], [0x14a, 0x17e],
  [0x180, 0x1c3], [0x1cd, 0x1f0], [0x1f4, 0x2af], [0x370, 0x373], [0x376, 0x377], [0x37b, 0x37d],
  [0x37f, 0x37f], [0x386, 0x386], [0x388, 0x38a], [0x38c, 0x38c], [0x38e, 0x3a1], [0x3a3, 0x3cf],
  [0x3d7, 0x3ef], [0x3f3, 0x3f3], [0x3f7, 0x3f8], [0x3fa, 0x481], [0x48a, 0x52f], [0x531, 0x556],
  [0x560, 0x586], [0x10a0, 0x10c5], [0x10c7, 0x10c7], [0x10cd, 0x10cd], [0x10d0, 0x10e4],
];

export const LETTERS: readonly string[] = LETTER_RANGES.flatMap(([first, last]) =>
  Array.from({ length: last - first + 1 }, (_, i) => String.fromCodePoint(first + i)),
);
const LETTER_VALUES = new Map(LETTERS.map((letter, value) => [letter, value]));
const LETTER_BITS = 10;

/** Characters of each encoding's body. */
export function isArmourChar(encoding: ArmourEncoding, char: string): boolean {
  return encoding === 'base64url' ? /^[A-Za-z0-9_-]$/.test(char) : LETTER_VALUES.has(char);
}

/** How many characters `bytes` bytes take. */
export function encodedLength(encoding: ArmourEncoding, bytes: number): number {
  return Math.ceil((bytes * 8) / (encoding === 'base64url' ? 6 : LETTER_BITS));
}

/** How many whole bytes `characters` characters carry. */
export function decodedLength(encoding: ArmourEncoding, characters: number): number {
  return Math.floor((characters * (encoding === 'base64url' ? 6 : LETTER_BITS)) / 8);
}

export function encodeArmour(encoding: ArmourEncoding, bytes: Uint8Array): string {
  if (encoding === 'base64url') {
    // An envelope is at most ~12 KB: within any engine's limit on arguments.
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  let text = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= LETTER_BITS) {
      bits -= LETTER_BITS;
      text += LETTERS[(buffer >> bits) & 0x3ff];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) text += LETTERS[(buffer << (LETTER_BITS - bits)) & 0x3ff];
  return text;
}

/**
 * The bytes of a body, every whole byte its characters carry (a cut leaves a ragged tail; the
 * caller judges the length). null when a character is not of the encoding.
 */
export function decodeArmour(encoding: ArmourEncoding, text: string): Uint8Array | null {
  if (encoding === 'base64url') {
    if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
    const whole = text.length % 4 === 1 ? text.slice(0, -1) : text;
    return Uint8Array.from(atob(whole.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0));
  }
  const bytes = new Uint8Array(decodedLength('letters', text.length));
  let buffer = 0;
  let bits = 0;
  let length = 0;
  for (const char of text) {
    const value = LETTER_VALUES.get(char);
    if (value === undefined) return null;
    buffer = ((buffer << LETTER_BITS) | value) & 0xffffff;
    bits += LETTER_BITS;
    while (bits >= 8) {
      bits -= 8;
      bytes[length++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}
