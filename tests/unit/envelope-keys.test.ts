import { describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, hexToBytes, recoverMessageAddress } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { recoverSigner } from '../../lib/crypto/envelope-keys';

describe('recoverSigner', () => {
  it("recovers the signer of EIP-191 signatures as viem's recoverMessageAddress does, v as 27/28 or 0/1", async () => {
    for (let i = 0; i < 24; i++) {
      const account = privateKeyToAccount(generatePrivateKey());
      const digest = sha256(new Uint8Array([i]));
      const signature = hexToBytes(await account.signMessage({ message: { raw: digest } }));
      expect(recoverSigner(digest, signature)).toBe(account.address);
      const yParity = signature.slice();
      yParity[64] = signature[64]! - 27;
      expect(recoverSigner(digest, yParity)).toBe(account.address);
      // Another digest or the other v: some other address, the same one viem finds.
      const other = signature.slice();
      other[64] = signature[64] === 27 ? 28 : 27;
      const viemOther = await recoverMessageAddress({ message: { raw: digest }, signature: bytesToHex(other) }).catch(() => 'throws');
      expect(await Promise.resolve().then(() => recoverSigner(digest, other)).catch(() => 'throws')).toBe(viemOther);
      expect(recoverSigner(sha256(digest), signature)).not.toBe(account.address);
    }
  });

  it('returns null for a high-s signature and throws on a bad v, r or s', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const digest = sha256(new Uint8Array([1]));
    const signature = hexToBytes(await account.signMessage({ message: { raw: digest } }));
    const high = signature.slice();
    high.set(hexToBytes(`0x${(secp256k1.CURVE.n - BigInt(bytesToHex(signature.subarray(32, 64)))).toString(16).padStart(64, '0')}`), 32);
    expect(recoverSigner(digest, high)).toBeNull();
    for (const v of [2, 26, 29, 255]) expect(() => recoverSigner(digest, Uint8Array.from([...signature.subarray(0, 64), v]))).toThrow();
    expect(() => recoverSigner(digest, new Uint8Array(65).fill(0xff))).toThrow();
    expect(() => recoverSigner(digest, Uint8Array.from([...new Uint8Array(64), 27]))).toThrow();
    // An r that is no point's x, as noble finds.
    const r = [1n, 2n, 3n, 4n, 5n, 6n].find((x) => {
      try {
        secp256k1.ProjectivePoint.fromHex(`02${x.toString(16).padStart(64, '0')}`);
        return false;
      } catch {
        return true;
      }
    })!;
    const offCurve = signature.slice();
    offCurve.set(hexToBytes(`0x${r.toString(16).padStart(64, '0')}`), 0);
    expect(() => recoverSigner(digest, offCurve)).toThrow();
  });
});
