import { secp256k1 } from '@noble/curves/secp256k1';
import { numberToBytesBE } from '@noble/curves/abstract/utils';
import { addAffine, compress, double, endo, INFINITY, m, N, negate, oddDigits, oddMultiples, toAffine, WINDOW, WINDOWS, type Affine, type Jacobian } from './curve';

/**
 * secp256k1 multiplication of an arbitrary point by a scalar, for the envelope's ECDH (a secret
 * scalar) and its signature's recovery.
 * @noble/curves' point.multiply costs about 500 additions and doublings (two 128-bit halves,
 * each with its own table rebuilt per call); sealing does three, so this does the same
 * multiplication in about 200: the endomorphism split (k = k1 + k2·λ), both halves in one
 * loop of 128 doublings (Strauss), Jacobian coordinates with a = 0 formulas (curve.ts), and one
 * table of odd multiples in which every point is affine, so each addition is a mixed one.
 *
 * Same shape for every scalar: each half is recoded into 33 odd digits in [-15, 15] (no zero
 * digit, so every window adds once) and ends with one correction, so the sequence of point
 * operations does not depend on the scalar's bits, which is what noble's fake-point additions
 * give its multiply (BigInt arithmetic itself is not constant-time, in noble either).
 */

/**
 * The x coordinates (32 bytes each) of scalar·point for each point: ECDH's shared secrets.
 * Points come from decompress (curve.ts), which validates them; throws on a scalar outside 1..n-1.
 */
export function sharedXs(scalar: bigint, points: Affine[]): Uint8Array[] {
  return toAffine(finite(products(scalar, points))).map((q) => numberToBytesBE(q.x, 32));
}

/**
 * An ephemeral key's compressed public key (scalar·G) and its shared x with each point, as
 * sharedXs: sealing's whole elliptic-curve work but the signature, with one inversion. scalar·G
 * is noble's (its G table is the one signing uses, already built when the account was made);
 * its projective (X, Y, Z) is Jacobian (X·Z, Y·Z², Z).
 */
export function ephemeralShares(scalar: bigint, points: Affine[]): { publicKey: Uint8Array; shared: Uint8Array[] } {
  const { px, py, pz } = secp256k1.ProjectivePoint.BASE.multiply(scalar);
  const base = { x: m(px * pz), y: m(py * m(pz * pz)), z: pz };
  const [key, ...shared] = toAffine([base, ...finite(products(scalar, points))]) as [Affine, ...Affine[]];
  return { publicKey: compress(key), shared: shared.map((q) => numberToBytesBE(q.x, 32)) };
}

/** scalar·point as a noble point, without an inversion: Jacobian (X, Y, Z) is projective (X·Z, Y, Z³). */
export function multiply(scalar: bigint, point: Affine): InstanceType<typeof secp256k1.ProjectivePoint> {
  const [q] = products(scalar, [point]) as [Jacobian];
  return new secp256k1.ProjectivePoint(m(q.x * q.z), q.y, m(q.z * m(q.z * q.z)));
}

function finite(points: Jacobian[]): Jacobian[] {
  if (points.some((q) => q.z === 0n)) throw new Error('A shared point is the point at infinity.');
  return points;
}

function products(scalar: bigint, points: Affine[]): Jacobian[] {
  if (scalar <= 0n || scalar >= N) throw new RangeError('The scalar is not in 1..n-1.');
  const { k1neg, k1, k2neg, k2 } = endo.splitScalar(scalar);
  const [odd1, fix1] = oddDigits(k1);
  const [odd2, fix2] = oddDigits(k2);
  return points.map((point) => {
    const { table, z } = oddMultiples({ ...point, z: 1n });
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
    acc = addAffine(acc, second.undo[fix2 - 1]!);
    return { ...acc, z: m(acc.z * z) };
  });
}

/**
 * From [1Q, 3Q, …, 15Q, 2Q] and the half's sign (negative: use −Q): d·Q for each odd d from
 * −15 to 15 (index (d + 15) / 2), and −1Q and −2Q. Both signs are computed and one kept, so
 * the work is the same for either.
 */
function signed(table: Affine[], negative: boolean): { digits: Affine[]; undo: Affine[] } {
  const negated = table.map(negate);
  const [plus, minus] = negative ? [negated, table] : [table, negated];
  return { digits: [...minus.slice(0, 8).reverse(), ...plus.slice(0, 8)], undo: [minus[0]!, minus[8]!] };
}
