import { secp256k1 } from '@noble/curves/secp256k1';
import { numberToBytesBE } from '@noble/curves/abstract/utils';

/**
 * secp256k1 arithmetic for the envelope's ECDH (ecdh.ts): field reduction, Jacobian doubling
 * and mixed addition with a = 0 formulas, the odd-digit recoding of scalars, and point
 * decompression. BigInt arithmetic, as in @noble/curves, but with reduction by folding (no
 * division) and with every sum kept non-negative, so each product is reduced once.
 *
 * Coordinates of points are always reduced (in 0..p-1). Exceptional additions (a point plus
 * itself or its negative) are computed correctly; with a random secret scalar they do not occur.
 */

export type Affine = { x: bigint; y: bigint };
export type Jacobian = { x: bigint; y: bigint; z: bigint }; // z = 0 is the point at infinity

export const P = secp256k1.CURVE.Fp.ORDER;
export const N = secp256k1.CURVE.n;
export const endo = secp256k1.CURVE.endo!;
export const INFINITY: Jacobian = { x: 1n, y: 1n, z: 0n };
/** 128-bit halves of a split scalar, 4 bits per window: 32 windows and a top digit. */
export const WINDOW = 4;
export const WINDOWS = 32;

/**
 * Reduction mod p = 2^256 − C of any a in 0..2^700: 2^256 ≡ C, so the high half folds in
 * twice, then at most one subtraction. Callers never pass a negative number.
 */
const C = 0x1000003d1n;
const LOW = (1n << 256n) - 1n;
/** Multiples of p that keep differences non-negative, computed once. */
const P2 = 2n * P;
const P3 = 3n * P;
const P8 = 8n * P;

export const m = (a: bigint) => {
  a = (a & LOW) + (a >> 256n) * C;
  a = (a & LOW) + (a >> 256n) * C;
  return a >= P ? a - P : a;
};

/**
 * Digits d[0..32], each odd in [-15, 15] (the top one positive), with Σ d[i]·16^i = k + fix,
 * where fix (1 or 2) makes k odd. No digit is zero, so every window adds once whatever the scalar.
 */
export function oddDigits(k: bigint): [number[], 1 | 2] {
  const fix = k & 1n ? 2 : 1;
  let rest = k + BigInt(fix);
  const digits: number[] = [];
  for (let i = 0; i < WINDOWS; i++) {
    const digit = Number(rest & 31n) - 16;
    digits.push(digit);
    rest = (rest - BigInt(digit)) >> 4n;
  }
  digits.push(Number(rest));
  return [digits, fix];
}

/** dbl-2009-l (a = 0, so b is not used: it also doubles on any curve y² = x³ + b'): 2M + 5S. */
export function double(q: Jacobian): Jacobian {
  if (q.z === 0n || q.y === 0n) return INFINITY;
  const a = m(q.x * q.x);
  const b = m(q.y * q.y);
  const c = m(b * b);
  const xb = q.x + b;
  const d = m(2n * (xb * xb - a - c)); // (x + b)² ≥ x² + b², which are ≥ a and c
  const e = 3n * a;
  const f = m(e * e);
  const x = (f + P2 - 2n * d) % P;
  return { x, y: m(e * (d + P - x) + P8 - 8n * c), z: m(2n * q.y * q.z) };
}

/** madd-2007-bl: Jacobian plus affine, 7M + 4S (also on any curve y² = x³ + b'). */
export function addAffine(q: Jacobian, r: Affine): Jacobian {
  return addAffineRatio(q, r)[0];
}

/** addAffine, and the ratio of the sum's z to q's (2h), with which a table is brought to one z. */
export function addAffineRatio(q: Jacobian, r: Affine): [Jacobian, bigint] {
  if (q.z === 0n) return [{ x: r.x, y: r.y, z: 1n }, 0n];
  const z1z1 = m(q.z * q.z);
  const u2 = m(r.x * z1z1);
  const s2 = m(r.y * m(q.z * z1z1));
  const h = u2 + P - q.x; // in 1..2p-1: ≡ 0 only when p
  const rr = 2n * (s2 + P - q.y); // in 2..4p-2: ≡ 0 only when 2p
  if (h === P) return [rr === P2 ? double(q) : INFINITY, 0n];
  const hh = m(h * h);
  const i = 4n * hh;
  const j = m(h * i);
  const v = m(q.x * i);
  const x = m(rr * rr + P3 - j - 2n * v);
  const ratio = 2n * h;
  return [{ x, y: m(rr * (v + P - x) + 2n * j * (P - q.y)), z: m(ratio * q.z) }, ratio];
}

/**
 * For a point Q: [1Q, 3Q, …, 15Q, 2Q], all with one z, so they are the affine points of the
 * curve y² = x³ + 7z⁶ (isomorphic to secp256k1 by (x, y) ↦ (x·z², y·z³)), and that z. The a = 0
 * formulas do not involve 7, so the multiplication runs on that curve with mixed additions
 * only, and the result's z is multiplied by this one at the end: no inversion (libsecp256k1's
 * "effective affine" table).
 */
export function oddMultiples(q: Jacobian): { table: Affine[]; z: bigint } {
  const two = double(q);
  // Scaled by two's z, 2Q is affine, and Q's z becomes 1 when its coordinates are scaled by
  // two.z / q.z = 2y.
  const d = { x: two.x, y: two.y };
  const s = m(2n * q.y);
  const ss = m(s * s);
  let acc: Jacobian = { x: m(q.x * ss), y: m(q.y * m(ss * s)), z: 1n };
  const odd = [acc];
  const ratios: bigint[] = [];
  for (let i = 1; i < 8; i++) {
    const [next, ratio] = addAffineRatio(acc, d);
    odd.push((acc = next));
    ratios.push(ratio);
  }
  // Each to the last one's z: scaled by the ratios of the z of those after it to its own.
  const table: Affine[] = [];
  let scale = 1n;
  for (let i = 7; i >= 0; i--) {
    table[i] = scaled(odd[i]!, scale);
    if (i > 0) scale = m(scale * ratios[i - 1]!);
  }
  table[8] = scaled(d, scale); // scale is now the last z, the first's being 1
  return { table, z: m(acc.z * two.z) };
}

function scaled(q: Affine, s: bigint): Affine {
  const ss = m(s * s);
  return { x: m(q.x * ss), y: m(q.y * m(ss * s)) };
}

export function negate(q: Affine): Affine {
  return { x: q.x, y: P - q.y }; // y is never 0: no point of secp256k1 has order 2
}

/** The affine x and y of each point (none at infinity), with one inversion for all. */
export function toAffine(points: Jacobian[]): Affine[] {
  const inverses = secp256k1.CURVE.Fp.invertBatch(points.map((q) => q.z));
  return points.map((q, i) => {
    const zInv = inverses[i]!;
    const zInv2 = m(zInv * zInv);
    return { x: m(q.x * zInv2), y: m(q.y * m(zInv2 * zInv)) };
  });
}

/** The compressed form (33 bytes: 2 or 3 for y's parity, then x) of an affine point. */
export function compress(q: Affine): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes[0] = 2 + Number(q.y & 1n);
  bytes.set(numberToBytesBE(q.x, 32), 1);
  return bytes;
}

/** k squarings of x. */
function squarings(x: bigint, k: number): bigint {
  for (let i = 0; i < k; i++) x = m(x * x);
  return x;
}

/**
 * The point of a compressed key (33 bytes: 2 or 3 for y's parity, then x), or null when x is
 * not below p or x³ + 7 has no square root. No other check is needed: every point of secp256k1
 * but infinity (which has no compressed form) is a valid key, the group's order being prime.
 */
export function decompress(bytes: Uint8Array): Affine | null {
  if (bytes.length !== 33 || (bytes[0] !== 2 && bytes[0] !== 3)) return null;
  let x = 0n;
  for (let i = 1; i < 33; i++) x = (x << 8n) | BigInt(bytes[i]!);
  if (x >= P) return null;
  const y2 = m(m(x * x) * x + 7n);
  // y2^((p+1)/4), p ≡ 3 mod 4: the addition chain of libsecp256k1 (253 squarings, 13 products).
  const x2 = m(m(y2 * y2) * y2);
  const x3 = m(m(x2 * x2) * y2);
  const x6 = m(squarings(x3, 3) * x3);
  const x9 = m(squarings(x6, 3) * x3);
  const x11 = m(squarings(x9, 2) * x2);
  const x22 = m(squarings(x11, 11) * x11);
  const x44 = m(squarings(x22, 22) * x22);
  const x88 = m(squarings(x44, 44) * x44);
  const x176 = m(squarings(x88, 88) * x88);
  const x220 = m(squarings(x176, 44) * x44);
  const x223 = m(squarings(x220, 3) * x3);
  const t = m(squarings(m(squarings(x223, 23) * x22), 6) * x2);
  const y = squarings(t, 2);
  if (m(y * y) !== y2) return null;
  return { x, y: (y & 1n) === BigInt(bytes[0]! & 1) ? y : P - y };
}
