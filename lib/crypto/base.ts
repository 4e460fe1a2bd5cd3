import { secp256k1 } from '@noble/curves/secp256k1';
import { addAffine, compress, double, endo, INFINITY, m, N, negate, oddDigits, oddMultiples, toAffine, WINDOW, WINDOWS, type Affine, type Jacobian } from './curve';

/**
 * scalar·G for a secret scalar (the envelope's ephemeral key, the reader's public key) from
 * tables built once: for each window i of a 128-bit half, [1, 3, …, 15, 2]·16^i·G in affine form,
 * and their images under the endomorphism. The scalar is split (k = k1 + k2·λ) and each half
 * recoded in odd digits as in ecdh.ts, so a product is 66 mixed additions and two corrections,
 * no doubling, the same sequence for every scalar (noble's getPublicKey: 33 complete additions
 * and 33 fake ones, with its own 4,224-point table). The tables cost about 15 products, once.
 */
let tables: { g: Affine[][]; lambdaG: Affine[][] } | undefined;

function baseTables(): { g: Affine[][]; lambdaG: Affine[][] } {
  if (tables) return tables;
  const rows: { table: Affine[]; z: bigint }[] = [];
  let b: Jacobian = { x: secp256k1.CURVE.Gx, y: secp256k1.CURVE.Gy, z: 1n };
  for (let i = 0; i <= WINDOWS; i++) {
    rows.push(oddMultiples(b));
    for (let d = 0; d < WINDOW; d++) b = double(b);
  }
  // Each row is affine on its own scaled curve: back to secp256k1 with one inversion for all
  // (the affine form of (1, 1, z) is (z⁻², z⁻³)).
  const inverses = toAffine(rows.map(({ z }) => ({ x: 1n, y: 1n, z })));
  const g = rows.map(({ table }, i) => {
    const { x: zInv2, y: zInv3 } = inverses[i]!;
    return table.map((q) => ({ x: m(q.x * zInv2), y: m(q.y * zInv3) }));
  });
  tables = { g, lambdaG: g.map((row) => row.map((q) => ({ x: m(q.x * endo.beta), y: q.y }))) };
  return tables;
}

/** scalar·G in Jacobian coordinates; throws on a scalar outside 1..n-1. */
export function baseProduct(scalar: bigint): Jacobian {
  if (scalar <= 0n || scalar >= N) throw new RangeError('The scalar is not in 1..n-1.');
  const { g, lambdaG } = baseTables();
  const { k1neg, k1, k2neg, k2 } = endo.splitScalar(scalar);
  const [odd1, fix1] = oddDigits(k1);
  const [odd2, fix2] = oddDigits(k2);
  let acc = INFINITY;
  for (let i = 0; i <= WINDOWS; i++) {
    acc = addAffine(acc, pick(g[i]!, odd1[i]!, k1neg));
    acc = addAffine(acc, pick(lambdaG[i]!, odd2[i]!, k2neg));
  }
  // Undo the +1 or +2 that made each half odd: add −1 or −2 times the half's ±G.
  acc = addAffine(acc, pick(g[0]!, -fix1, k1neg));
  return addAffine(acc, pick(lambdaG[0]!, -fix2, k2neg));
}

/** The compressed public key of a private key (as a scalar in 1..n-1). */
export function publicKeyOf(scalar: bigint): Uint8Array {
  return compress(toAffine([baseProduct(scalar)])[0]!);
}

/**
 * d·Q from Q's row [1Q, 3Q, …, 15Q, 2Q], for d odd in [-15, 15] or ±2, negated once more for a
 * negative half. Both signs are computed and one kept, so the work is the same for either.
 */
function pick(row: Affine[], digit: number, negative: boolean): Affine {
  const q = row[digit === 2 || digit === -2 ? 8 : (Math.abs(digit) - 1) >> 1]!;
  const negated = negate(q);
  return digit < 0 !== negative ? negated : q;
}
