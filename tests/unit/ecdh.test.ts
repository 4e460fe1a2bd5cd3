import { describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1';
import { bytesToHex } from 'viem';
import { multiply, sharedXs } from '../../lib/crypto/ecdh';

const Point = secp256k1.ProjectivePoint;
const n = secp256k1.CURVE.n;
const G = Point.BASE;
const endo = secp256k1.CURVE.endo!;

/** What noble's own multiply gives: the x coordinate of scalar·point. */
function nobleX(scalar: bigint, point: InstanceType<typeof Point>): string {
  return bytesToHex(point.multiply(scalar).toRawBytes(true).subarray(1));
}

function randomScalar(): bigint {
  return secp256k1.utils.normPrivateKeyToScalar(secp256k1.utils.randomPrivateKey());
}

function randomPoint(): InstanceType<typeof Point> {
  return Point.fromHex(secp256k1.getPublicKey(secp256k1.utils.randomPrivateKey(), true));
}

describe('sharedXs', () => {
  it('agrees with noble for random scalars and points', () => {
    for (let i = 0; i < 64; i++) {
      const [scalar, point] = [randomScalar(), randomPoint()];
      expect(bytesToHex(sharedXs(scalar, [point])[0]!)).toBe(nobleX(scalar, point));
    }
  });

  it('agrees with noble at the edges: tiny and huge scalars, halves of 0 or 2^128, the generator and its negative', () => {
    // lambda·P = (beta·x, y): its split is k1 = 0, k2 = 1; small scalars have k2 = 0.
    const lambda = 0x5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72n;
    expect(G.multiply(lambda).x).toBe(secp256k1.CURVE.Fp.mul(G.x, endo.beta));
    const scalars = [1n, 2n, 3n, 15n, 16n, 17n, 31n, 33n, n - 1n, n - 2n, n / 2n, (1n << 128n) - 1n, 1n << 128n, (1n << 128n) + 1n, lambda, n - lambda, lambda + 1n];
    const points = [G, G.negate(), G.double(), G.multiply(n - 2n), randomPoint()];
    for (const scalar of scalars) {
      for (const point of points) expect(bytesToHex(sharedXs(scalar, [point])[0]!), `${scalar}`).toBe(nobleX(scalar, point));
    }
  });

  it('gives for several points at once what it gives for each alone', () => {
    const scalar = randomScalar();
    const points = [randomPoint(), randomPoint(), randomPoint()];
    expect(sharedXs(scalar, points).map((x) => bytesToHex(x))).toEqual(points.map((point) => nobleX(scalar, point)));
  });

  it('refuses a scalar outside 1..n-1', () => {
    for (const scalar of [0n, n, n + 1n, -1n]) expect(() => sharedXs(scalar, [G])).toThrow(RangeError);
  });
});

describe('multiply', () => {
  it('is the point noble gives, x and y, for random and edge scalars', () => {
    for (const scalar of [1n, 2n, n - 1n, 1n << 128n, ...Array.from({ length: 16 }, randomScalar)]) {
      const point = randomPoint();
      expect(multiply(scalar, point).toHex(false)).toBe(point.multiply(scalar).toHex(false));
    }
  });
});
