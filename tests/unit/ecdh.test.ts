import { describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1';
import { bytesToHex } from 'viem';
import { addAffine, decompress, double, P, toAffine, type Affine } from '../../lib/crypto/curve';
import { ephemeralShares, multiply, sharedXs } from '../../lib/crypto/ecdh';

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

const affine = (point: InstanceType<typeof Point>): Affine => point.toAffine();
const lambda = 0x5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72n;
/** Tiny and huge scalars, halves of 0 or 2^128 (lambda's split is k1 = 0, k2 = 1; small scalars have k2 = 0). */
const edgeScalars = [1n, 2n, 3n, 15n, 16n, 17n, 31n, 33n, n - 1n, n - 2n, n / 2n, (1n << 128n) - 1n, 1n << 128n, (1n << 128n) + 1n, lambda, n - lambda, lambda + 1n];

describe('sharedXs', () => {
  it('agrees with noble for random scalars and points', () => {
    for (let i = 0; i < 64; i++) {
      const [scalar, point] = [randomScalar(), randomPoint()];
      expect(bytesToHex(sharedXs(scalar, [affine(point)])[0]!)).toBe(nobleX(scalar, point));
    }
  });

  it('agrees with noble at the edges: tiny and huge scalars, halves of 0 or 2^128, the generator and its negative', () => {
    expect(G.multiply(lambda).x).toBe(secp256k1.CURVE.Fp.mul(G.x, endo.beta)); // lambda·P = (beta·x, y)
    const points = [G, G.negate(), G.double(), G.multiply(n - 2n), randomPoint()];
    for (const scalar of edgeScalars) {
      for (const point of points) expect(bytesToHex(sharedXs(scalar, [affine(point)])[0]!), `${scalar}`).toBe(nobleX(scalar, point));
    }
  });

  it('gives for several points at once what it gives for each alone', () => {
    const scalar = randomScalar();
    const points = [randomPoint(), randomPoint(), randomPoint()];
    expect(sharedXs(scalar, points.map(affine)).map((x) => bytesToHex(x))).toEqual(points.map((point) => nobleX(scalar, point)));
  });

  it('refuses a scalar outside 1..n-1', () => {
    for (const scalar of [0n, n, n + 1n, -1n]) expect(() => sharedXs(scalar, [affine(G)])).toThrow(RangeError);
  });
});

describe('multiply', () => {
  it('is the point noble gives, x and y, for random and edge scalars', () => {
    for (const scalar of [1n, 2n, n - 1n, 1n << 128n, ...Array.from({ length: 16 }, randomScalar)]) {
      const point = randomPoint();
      expect(multiply(scalar, affine(point)).toHex(false)).toBe(point.multiply(scalar).toHex(false));
    }
  });
});

describe('ephemeralShares', () => {
  it('gives the compressed scalar·G and what sharedXs gives', () => {
    for (const scalar of [1n, n - 1n, lambda, randomScalar(), randomScalar()]) {
      const points = [randomPoint(), randomPoint(), G];
      const { publicKey, shared } = ephemeralShares(scalar, points.map(affine));
      expect(bytesToHex(publicKey)).toBe(bytesToHex(G.multiply(scalar).toRawBytes(true)));
      expect(shared.map((x) => bytesToHex(x))).toEqual(points.map((point) => nobleX(scalar, point)));
    }
  });
});

describe('mixed addition and doubling', () => {
  it('handle a point plus itself, plus its negative, and infinity', () => {
    const [q, r] = [affine(randomPoint()), affine(randomPoint())];
    const jacobian = { ...q, z: 1n };
    const negative = { x: q.x, y: P - q.y };
    expect(toAffine([addAffine(jacobian, q)])).toEqual([affine(Point.fromAffine(q).double())]);
    expect(toAffine([double(jacobian)])).toEqual([affine(Point.fromAffine(q).double())]);
    expect(addAffine(jacobian, negative).z).toBe(0n);
    expect(toAffine([addAffine(addAffine(jacobian, negative), r)])).toEqual([r]);
    expect(double(addAffine(jacobian, negative)).z).toBe(0n);
  });
});

describe('decompress', () => {
  it("is noble's point for random keys of either parity", () => {
    for (let i = 0; i < 32; i++) {
      const point = randomPoint();
      expect(decompress(point.toRawBytes(true))).toEqual(affine(point));
    }
    expect(decompress(G.toRawBytes(true))).toEqual(affine(G));
    expect(decompress(G.negate().toRawBytes(true))).toEqual(affine(G.negate()));
  });

  it('refuses what noble refuses: x at or past p, an x with no point, another prefix or length; and the uncompressed form', () => {
    const key = (prefix: number, x: bigint) => Uint8Array.from([prefix, ...Array.from({ length: 32 }, (_, i) => Number((x >> BigInt(8 * (31 - i))) & 0xffn))]);
    const noPoint = [0n, 5n, P - 1n].find((x) => {
      try {
        Point.fromHex(key(2, x));
        return false;
      } catch {
        return true;
      }
    })!;
    for (const bytes of [key(2, P), key(3, P + 1n), key(2, (1n << 256n) - 1n), key(2, noPoint), key(3, noPoint), key(4, G.x), key(0, G.x), G.toRawBytes(true).subarray(0, 32)]) {
      expect(decompress(bytes)).toBeNull();
      expect(() => Point.fromHex(bytes)).toThrow();
    }
    expect(decompress(G.toRawBytes(false))).toBeNull();
  });
});
