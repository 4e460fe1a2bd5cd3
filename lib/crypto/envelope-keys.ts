/**
 * The envelope's keys (see envelope.ts): recipients' public keys, key ids, the reader's pair, the signer.
 */
import { secp256k1 } from '@noble/curves/secp256k1';
import { invert, mod } from '@noble/curves/abstract/modular';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/abstract/utils';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, concatBytes, hashMessage, hexToBytes, type Address, type Hex } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { decompress, N, type Affine } from './curve';
import { multiply } from './ecdh';

export const KEY_ID_BYTES = 8;

/** Comparing with the key derived from the private key also proves the public key valid, without decompressing it. */
export function readerKeyId(reader: { privateKey: Hex; publicKey: Hex }): Uint8Array {
  if (!COMPRESSED_KEY.test(reader.publicKey)) throw notCompressedKey(reader.publicKey, "reader's");
  const publicKey = hexToBytes(reader.publicKey);
  const valid = /^0x[0-9a-fA-F]{64}$/.test(reader.privateKey) && secp256k1.utils.isValidPrivateKey(hexToBytes(reader.privateKey));
  if (!valid || !equalBytes(secp256k1.getPublicKey(hexToBytes(reader.privateKey), true), publicKey)) {
    throw new TypeError("The reader's messaging key pair is invalid: the private key is not a secp256k1 key whose public key is the one given.");
  }
  return keyId(publicKey);
}

const COMPRESSED_KEY = /^0x0[23][0-9a-fA-F]{64}$/;

function notCompressedKey(publicKey: Hex, role: string): TypeError {
  return new TypeError(`The ${role} public key ${publicKey} is not a compressed secp256k1 public key (0x and 33 bytes).`);
}

/** A valid compressed key's bytes (the key id's input) and its point (for the ECDH). */
export interface PublicKey {
  bytes: Uint8Array;
  point: Affine;
}

/** Decompressed once; throws unless the key is a point of secp256k1 in compressed form. */
export function parsePublicKey(publicKey: Hex, role: string): PublicKey {
  if (!COMPRESSED_KEY.test(publicKey)) throw notCompressedKey(publicKey, role);
  const bytes = hexToBytes(publicKey);
  const point = decompress(bytes);
  if (!point) throw notCompressedKey(publicKey, role);
  return { bytes, point };
}

export function keyId(publicKey: Uint8Array): Uint8Array {
  return sha256(publicKey).subarray(0, KEY_ID_BYTES);
}

/** A Map keeps the order in which each key first appeared. */
export function uniqueKeys(keys: PublicKey[]): PublicKey[] {
  return [...new Map(keys.map((key) => [bytesToHex(key.bytes), key])).values()];
}

/**
 * The address whose EIP-191 personal_sign of `digest` is `signature` (r | s | v, v being 0, 1,
 * 27 or 28 as viem reads it), or null for a high-s signature. Throws on an invalid one.
 * Recovery as noble's recoverPublicKey (Q = r⁻¹·(s·R − h·G)), with s·r⁻¹·R done by ecdh.ts.
 */
export function recoverSigner(digest: Uint8Array, signature: Uint8Array): Address | null {
  const { r, s } = secp256k1.Signature.fromCompact(signature.subarray(0, 64)); // throws on an out-of-range r or s
  if (s > N >> 1n) return null;
  const v = signature[64]!;
  const recovery = v >= 27 ? v - 27 : v;
  if (recovery !== 0 && recovery !== 1) throw new RangeError(`The signature's v is ${v}.`);
  const R = decompress(concatBytes([new Uint8Array([2 + recovery]), numberToBytesBE(r, 32)]));
  if (!R) throw new Error("The signature's r is no point's x.");
  const h = bytesToNumberBE(hexToBytes(hashMessage({ raw: digest }))) % N;
  const rInverse = invert(r, N);
  // −h·r⁻¹·G + 1·(s·r⁻¹·R); noble's BASE.multiplyUnsafe is not used: it is wrong past 136 bits in 1.9.
  const Q = secp256k1.ProjectivePoint.BASE.multiplyAndAddUnsafe(multiply(mod(s * rInverse, N), R), mod(-h * rInverse, N), 1n);
  if (!Q) throw new Error('The signer would be the point at infinity.');
  return publicKeyToAddress(bytesToHex(Q.toRawBytes(false)));
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
