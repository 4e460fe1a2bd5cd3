import { secp256k1 } from '@noble/curves/secp256k1';
import { numberToBytesBE } from '@noble/curves/abstract/utils';

/**
 * secp256k1 multiplication of an arbitrary point by a scalar, for the envelope's ECDH (a secret
 * scalar) and its signature's recovery.
 * @noble/curves' point.multiply costs about 500 additions and doublings (two 128-bit halves,
 * each with its own table rebuilt per call); sealing does three, so this does the same
 * multiplication in about 200: the endomorphism split (k = k1 + k2·λ), both halves in one
 * loop of 128 doublings (Strauss), Jacobian coordinates with a = 0 formulas, and one table of
 * odd multiples in affine form, so each addition is a mixed one.
 *
 * Same shape for every scalar: each half is recoded into 33 odd digits in [-15, 15] (no zero
 * digit, so every window adds once) and ends with one correction, so the sequence of point
 * operations does not depend on the scalar's bits, which is what noble's fake-point additions
 * give its multiply (BigInt arithmetic itself is not constant-time, in noble either).
 * Exceptional additions (a point plus itself or its negative) are still computed correctly; with
 * a random secret scalar they do not occur.
 */

type Affine = { x: bigint; y: bigint };
type Jacobian = { x: bigint; y: bigint; z: bigint }; // z = 0 is the point at infinity

const Fp = secp256k1.CURVE.Fp;
const P = Fp.ORDER;
const N = secp256k1.CURVE.n;
const endo = secp256k1.CURVE.endo!;
const WINDOW = 4;
/** 128-bit halves, 4 bits per window: 32 windows and a top digit. */
const WINDOWS = 32;
const INFINITY: Jacobian = { x: 1n, y: 1n, z: 0n };

/** Reduction mod p = 2^256 − C: 2^256 ≡ C, so the high half folds in twice, then at most one subtraction. */
const C = 0x1000003d1n;
const LOW = (1n << 256n) - 1n;
const m = (a: bigint) => {
  if (a < 0n) {
    const r = a % P;
    return r < 0n ? r + P : r;
  }
  a = (a & LOW) + (a >> 256n) * C;
  a = (a & LOW) + (a >> 256n) * C;
  return a >= P ? a - P : a;
};

export type Point = InstanceType<typeof secp256k1.ProjectivePoint>;

/**
 * The x coordinates (32 bytes each) of scalar·point for each point: ECDH's shared secrets.
 * Points come validated from ProjectivePoint.fromHex; throws on a scalar outside 1..n-1.
 */
export function sharedXs(scalar: bigint, points: Point[]): Uint8Array[] {
  const results = products(scalar, points);
  if (results.some((q) => q.z === 0n)) throw new Error('A shared point is the point at infinity.');
  const inverses = Fp.invertBatch(results.map((q) => q.z));
  return results.map((q, i) => numberToBytesBE(m(q.x * m(inverses[i]! * inverses[i]!)), 32));
}

/** scalar·point as a noble point, without an inversion: Jacobian (X, Y, Z) is projective (X·Z, Y, Z³). */
export function multiply(scalar: bigint, point: Point): Point {
  const [q] = products(scalar, [point]) as [Jacobian];
  return new secp256k1.ProjectivePoint(m(q.x * q.z), q.y, m(q.z * m(q.z * q.z)));
}

function products(scalar: bigint, points: Point[]): Jacobian[] {
  if (scalar <= 0n || scalar >= N) throw new RangeError('The scalar is not in 1..n-1.');
  const { k1neg, k1, k2neg, k2 } = endo.splitScalar(scalar);
  const [odd1, fix1] = oddDigits(k1);
  const [odd2, fix2] = oddDigits(k2);
  return oddMultiples(points.map((point) => point.toAffine())).map((table) => {
    // The second half's table is the image of the first under the endomorphism
    // λ(x, y) = (β·x, y); each is then signed by its half's sign.
    const first = signed(table, k1neg);
    const second = signed(
      table.map((q) => ({ x: m(q.x * endo.beta), y: q.y })),
      k2neg,
    );
    let acc: Jacobian = INFINITY;
    for (let i = WINDOWS; i >= 0; i--) {
      for (let d = 0; d < WINDOW && i < WINDOWS; d++) acc = double(acc);
      acc = addAffine(acc, first.digits[(odd1[i]! + 15) >> 1]!);
      acc = addAffine(acc, second.digits[(odd2[i]! + 15) >> 1]!);
    }
    // Undo the +1 or +2 that made each half odd.
    acc = addAffine(acc, first.undo[fix1 - 1]!);
    return addAffine(acc, second.undo[fix2 - 1]!);
  });
}

/**
 * Digits d[0..32], each odd in [-15, 15] (the top one positive), with Σ d[i]·16^i = k + fix,
 * where fix (1 or 2) makes k odd.
 */
function oddDigits(k: bigint): [number[], 1 | 2] {
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

/** For each point, [1P, 3P, …, 15P, 2P] in affine coordinates (one inversion for all). */
function oddMultiples(points: Affine[]): Affine[][] {
  const jacobian = points.flatMap((p) => {
    const one = { ...p, z: 1n };
    const two = double(one);
    const odd = [one];
    for (let i = 1; i < 8; i++) odd.push(add(odd[i - 1]!, two));
    return [...odd, two];
  });
  const inverses = Fp.invertBatch(jacobian.map((q) => q.z));
  const affine = jacobian.map((q, i) => {
    const zInv = inverses[i]!;
    const zInv2 = m(zInv * zInv);
    return { x: m(q.x * zInv2), y: m(q.y * m(zInv2 * zInv)) };
  });
  return points.map((_, i) => affine.slice(i * 9, i * 9 + 9));
}

/**
 * From [1P, 3P, …, 15P, 2P] and the half's sign (negative: use −P): d·P for each odd d from
 * −15 to 15 (index (d + 15) / 2), and −1P and −2P. Both signs are computed and one kept, so
 * the work is the same for either.
 */
function signed(table: Affine[], negative: boolean): { digits: Affine[]; undo: Affine[] } {
  const negated = table.map(negate);
  const [plus, minus] = negative ? [negated, table] : [table, negated];
  return { digits: [...minus.slice(0, 8).reverse(), ...plus.slice(0, 8)], undo: [minus[0]!, minus[8]!] };
}

function negate(q: Affine): Affine {
  return { x: q.x, y: P - q.y }; // y is never 0: no point of secp256k1 has order 2
}

/** dbl-2009-l (a = 0): 2M + 5S. */
function double(q: Jacobian): Jacobian {
  if (q.z === 0n || q.y === 0n) return INFINITY;
  const a = m(q.x * q.x);
  const b = m(q.y * q.y);
  const c = m(b * b);
  const xb = q.x + b;
  const d = m(2n * (xb * xb - a - c));
  const e = 3n * a;
  const f = m(e * e);
  const x = m(f - 2n * d);
  return { x, y: m(e * (d - x) - 8n * c), z: m(2n * q.y * q.z) };
}

/** madd-2007-bl: Jacobian plus affine, 7M + 4S. */
function addAffine(q: Jacobian, r: Affine): Jacobian {
  if (q.z === 0n) return { x: r.x, y: r.y, z: 1n };
  const z1z1 = m(q.z * q.z);
  const u2 = m(r.x * z1z1);
  const s2 = m(r.y * m(q.z * z1z1));
  const h = m(u2 - q.x);
  const rr = m(2n * (s2 - q.y));
  if (h === 0n) return rr === 0n ? double(q) : INFINITY;
  const hh = m(h * h);
  const i = 4n * hh;
  const j = m(h * i);
  const v = m(q.x * i);
  const x = m(rr * rr - j - 2n * v);
  const zh = q.z + h;
  return { x, y: m(rr * (v - x) - 2n * q.y * j), z: m(zh * zh - z1z1 - hh) };
}

/** add-2007-bl: Jacobian plus Jacobian, for the table only. */
function add(q: Jacobian, r: Jacobian): Jacobian {
  if (q.z === 0n) return r;
  if (r.z === 0n) return q;
  const z1z1 = m(q.z * q.z);
  const z2z2 = m(r.z * r.z);
  const u1 = m(q.x * z2z2);
  const u2 = m(r.x * z1z1);
  const s1 = m(q.y * m(r.z * z2z2));
  const s2 = m(r.y * m(q.z * z1z1));
  const h = m(u2 - u1);
  const rr = m(2n * (s2 - s1));
  if (h === 0n) return rr === 0n ? double(q) : INFINITY;
  const i = m(4n * h * h);
  const j = m(h * i);
  const v = m(u1 * i);
  const x = m(rr * rr - j - 2n * v);
  const zs = q.z + r.z;
  return { x, y: m(rr * (v - x) - 2n * s1 * j), z: m(m(zs * zs - z1z1 - z2z2) * h) };
}
