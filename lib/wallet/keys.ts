import { secp256k1 } from '@noble/curves/secp256k1';
import { mapHashToField } from '@noble/curves/abstract/modular';
import { hkdf } from '@noble/hashes/hkdf';
import { sha256 } from '@noble/hashes/sha2';
import { generateMnemonic, mnemonicToSeedSync, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english';
import { bytesToHex, hexToBytes, type Address, type Hex } from 'viem';
import { HDKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import type { VaultSecret } from '../crypto/vault';
import { messagingKeyProofTypedData } from './typed-data';

/** BIP-44 Ethereum account 0, as MetaMask and most wallets use, so a phrase opens the same account everywhere. */
export const ETH_DERIVATION_PATH = "m/44'/60'/0'/0/0";

export const PHRASE_LENGTHS = [12, 15, 18, 21, 24] as const;

/** Domain separation: the messaging key must never equal, or reveal, the account key. */
const MESSAGING_KEY_INFO = 'network-union/messaging/v1';

const WORDS = new Set(wordlist);

/** A new 12-word BIP-39 English phrase (128 bits of entropy). */
export function createMnemonic(): string {
  return generateMnemonic(wordlist, 128);
}

export type SecretImport = { ok: true; secret: VaultSecret } | { ok: false; reason: string };

/**
 * Reads what a user pasted to import an account: a private key (64 hex characters, 0x optional,
 * any case) or a recovery phrase (any spacing and case). Returns the secret in canonical form:
 * a lower-case 0x key, or the phrase's words in lower case joined by single spaces.
 */
export function parseSecretImport(text: string): SecretImport {
  const words = text.normalize('NFKD').trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    return { ok: false, reason: 'Paste a recovery phrase (12 to 24 words) or a private key (64 hexadecimal characters).' };
  }
  if (words.length === 1 && /^(?:0x)?[0-9a-f]+$/.test(words[0]!)) return parsePrivateKey(words[0]!);

  const unknown = words.findIndex((word) => !WORDS.has(word));
  if (unknown >= 0) {
    return { ok: false, reason: `Word ${unknown + 1}, "${words[unknown]}", is not in the BIP-39 English word list: check its spelling.` };
  }
  if (!(PHRASE_LENGTHS as readonly number[]).includes(words.length)) {
    return { ok: false, reason: `A recovery phrase has 12, 15, 18, 21 or 24 words; this one has ${words.length}.` };
  }
  const mnemonic = words.join(' ');
  if (!validateMnemonic(mnemonic, wordlist)) {
    return { ok: false, reason: 'The phrase fails its checksum: a word is wrong or the words are out of order.' };
  }
  return { ok: true, secret: { kind: 'mnemonic', mnemonic } };
}

function parsePrivateKey(text: string): SecretImport {
  const digits = text.startsWith('0x') ? text.slice(2) : text;
  if (digits.length !== 64) {
    return { ok: false, reason: `A private key is 64 hexadecimal characters (0x optional); this one has ${digits.length}.` };
  }
  const privateKey: Hex = `0x${digits}`;
  if (!secp256k1.utils.isValidPrivateKey(hexToBytes(privateKey))) {
    return { ok: false, reason: 'This is not a usable private key (zero or beyond the secp256k1 curve order).' };
  }
  return { ok: true, secret: { kind: 'privateKey', privateKey } };
}

/** The signing key: the secret itself, or the phrase's key at ETH_DERIVATION_PATH. */
export function privateKeyOf(secret: VaultSecret): Hex {
  if (secret.kind === 'privateKey') {
    if (!/^0x[0-9a-fA-F]{64}$/.test(secret.privateKey) || !secp256k1.utils.isValidPrivateKey(hexToBytes(secret.privateKey))) {
      throw new Error('Not a valid private key: it must be 0x and 64 hexadecimal characters, a nonzero secp256k1 scalar. Read it with parseSecretImport.');
    }
    return secret.privateKey.toLowerCase() as Hex;
  }
  if (!validateMnemonic(secret.mnemonic, wordlist)) {
    throw new Error('Not a valid recovery phrase (BIP-39 English, lower case, single spaces, correct checksum). Read it with parseSecretImport.');
  }
  const key = HDKey.fromMasterSeed(mnemonicToSeedSync(secret.mnemonic)).derive(ETH_DERIVATION_PATH).privateKey;
  if (!key) throw new Error(`The recovery phrase yields no private key at ${ETH_DERIVATION_PATH}.`);
  return bytesToHex(key);
}

export function accountFromSecret(secret: VaultSecret): PrivateKeyAccount {
  return privateKeyToAccount(privateKeyOf(secret));
}

/**
 * Picks `count` distinct word positions (0-based, ascending) for the user to retype, proving the
 * phrase was written down. `random` returns [0, 1); the default draws from crypto.getRandomValues.
 */
export function wordsToConfirm(mnemonic: string, count: number, random: () => number = cryptoRandom): number[] {
  const total = mnemonic.trim().split(/\s+/).length;
  if (!Number.isInteger(count) || count < 1 || count > total) {
    throw new RangeError(`Ask for 1 to ${total} words of this phrase, not ${count}.`);
  }
  const positions = Array.from({ length: total }, (_, i) => i);
  // A partial Fisher-Yates shuffle: the first `count` slots end up a uniform sample.
  for (let i = 0; i < count; i++) {
    const j = i + Math.min(Math.floor(random() * (total - i)), total - i - 1);
    [positions[i], positions[j]] = [positions[j]!, positions[i]!];
  }
  return positions.slice(0, count).sort((a, b) => a - b);
}

function cryptoRandom(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
}

/**
 * The key others encrypt messages to, derived from the account key so the phrase restores it too.
 * HKDF-SHA256 output of 48 bytes is reduced to a scalar in [1, n-1] (FIPS 186-5 style) with
 * negligible bias. The public key is compressed (33 bytes), as UnionRegistry.setEncryptionKey expects,
 * with `messagingKeyProof`.
 */
export function messagingKeyOf(secret: VaultSecret): { privateKey: Hex; publicKey: Hex } {
  const accountKey = hexToBytes(privateKeyOf(secret));
  const material = hkdf(sha256, accountKey, undefined, MESSAGING_KEY_INFO, 48);
  const privateKey = mapHashToField(material, secp256k1.CURVE.n);
  return { privateKey: bytesToHex(privateKey), publicKey: bytesToHex(secp256k1.getPublicKey(privateKey, true)) };
}

/**
 * The messaging key's signature of `account` (EIP-712 MessagingKey, bound to the chain and
 * registry), which the registry requires with the key: proof that the account holds it.
 */
export function messagingKeyProof(messagingPrivateKey: Hex, account: Address, chainId: number, registry: Address): Promise<Hex> {
  return privateKeyToAccount(messagingPrivateKey).signTypedData(messagingKeyProofTypedData(account, chainId, registry));
}
