import { bytesToHex, getAddress, hexToBytes, isAddress, type Address, type Hex } from 'viem';
import { accountFromSecret } from '../wallet/keys';
import { UnionError } from '../errors';

/**
 * The vault: the account's secret encrypted under the user's password, the only form in which it
 * rests in IndexedDB. PBKDF2-SHA256 turns the password into an AES-256-GCM key; both run in
 * WebCrypto, so the key is never a JavaScript value.
 *
 * How failures are told apart: AES-GCM reports a wrong key and altered data (ciphertext, IV,
 * address) as the same authentication failure, so every authentication failure is a
 * WrongPasswordError. Everything checkable without the key is a CorruptVaultError: the record's
 * shape, its hex, the salt and IV sizes, the exact ciphertext size (plaintexts are padded to one
 * size, so truncation is visible) and a checksummed address. An unknown version is an
 * UnsupportedVaultVersionError.
 */
export const VAULT_VERSION = 1;

/**
 * PBKDF2-SHA256 iterations of new vaults: about 0.4 s an unlock on the 2-core development
 * machine, well inside the 0.2–1.5 s budget, and 3.3 times OWASP's 600,000 (the earlier count,
 * 0.12–0.17 s there) per guess. Records store their count: older ones still open, and the
 * keeper re-encrypts them at this count on unlock.
 */
export const DEFAULT_ITERATIONS = 2_000_000;

/** Refuses records that would hang the service worker, whether corrupt or hostile. */
const MAX_ITERATIONS = 10_000_000;

export const MIN_PASSWORD_LENGTH = 8;

const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Every secret is padded to this size, so the ciphertext does not tell a key from a phrase or a phrase's length (24 words need at most 246). */
const PLAINTEXT_BYTES = 256;

export type VaultSecret = { kind: 'mnemonic'; mnemonic: string } | { kind: 'privateKey'; privateKey: Hex };

export interface VaultRecord {
  version: 1;
  /** salt: 0x-hex, 16 bytes. */
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  /** iv: 0x-hex, 12 bytes. */
  cipher: { name: 'AES-GCM'; iv: string };
  /** 0x-hex: the padded secret and the 16-byte GCM tag. */
  ciphertext: string;
  /** The account's checksummed address, readable while locked; bound to the ciphertext as GCM additional data. */
  address: Address;
  /** Date.now() at encryption. */
  createdAt: number;
}

export class WrongPasswordError extends UnionError {
  override name = 'WrongPasswordError';
  constructor() {
    super('vault', 'Wrong password: the vault is unchanged, try again.');
  }
}

export class CorruptVaultError extends UnionError {
  override name = 'CorruptVaultError';
  constructor(detail: string) {
    super('vault', `The stored vault is damaged (${detail}), so it cannot be unlocked: restore the account from its recovery phrase or private key.`);
  }
}

export class UnsupportedVaultVersionError extends UnionError {
  override name = 'UnsupportedVaultVersionError';
  constructor(version: number) {
    super('vault', `The vault has version ${version}, which this version of Network Union cannot read: update the extension.`);
  }
}

/** Returns why a new password is refused, or null when it is acceptable. */
export function validateNewPassword(password: string): string | null {
  const length = [...normalizePassword(password)].length;
  if (length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters (this password has ${length}).`;
  return null;
}

export async function encryptVault(
  secret: VaultSecret,
  password: string,
  options: { iterations?: number; now?: number } = {},
): Promise<VaultRecord> {
  const iterations = options.iterations ?? DEFAULT_ITERATIONS;
  if (!isIterationCount(iterations)) throw new RangeError(`PBKDF2 iterations must be a whole number from 1 to ${MAX_ITERATIONS}, not ${iterations}.`);
  // Also refuses a malformed secret before anything is stored.
  const address = accountFromSecret(secret).address;
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await deriveKey(password, salt, iterations, 'encrypt');
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(address) },
    key,
    encodeSecret(secret),
  );
  return {
    version: VAULT_VERSION,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: bytesToHex(salt) },
    cipher: { name: 'AES-GCM', iv: bytesToHex(iv) },
    ciphertext: bytesToHex(new Uint8Array(ciphertext)),
    address,
    createdAt: options.now ?? Date.now(),
  };
}

/** Reads the record without changing it; see the module comment for which error means what. */
export async function decryptVault(record: unknown, password: string): Promise<VaultSecret> {
  const { iterations, salt, iv, ciphertext, address } = parseRecord(record);
  const key = await deriveKey(password, salt, iterations, 'decrypt');
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: additionalData(address) }, key, ciphertext);
  } catch {
    throw new WrongPasswordError();
  }
  return decodeSecret(new Uint8Array(plaintext));
}

interface ParsedRecord {
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: Uint8Array<ArrayBuffer>;
  address: Address;
}

function parseRecord(record: unknown): ParsedRecord {
  if (!isObject(record)) throw new CorruptVaultError('it is not an object');
  const { version, kdf, cipher } = record;
  if (typeof version === 'number' && Number.isInteger(version) && version > VAULT_VERSION) throw new UnsupportedVaultVersionError(version);
  if (version !== VAULT_VERSION) throw new CorruptVaultError(`version is ${JSON.stringify(version) ?? 'missing'}`);
  if (!isObject(kdf) || kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256') throw new CorruptVaultError('the key derivation is not PBKDF2-SHA256');
  if (!isIterationCount(kdf.iterations)) throw new CorruptVaultError('the PBKDF2 iteration count is invalid');
  if (!isObject(cipher) || cipher.name !== 'AES-GCM') throw new CorruptVaultError('the cipher is not AES-GCM');
  const address = record.address;
  if (typeof address !== 'string' || !isAddress(address, { strict: false }) || getAddress(address) !== address) {
    throw new CorruptVaultError('the address is not a checksummed address');
  }
  return {
    iterations: kdf.iterations,
    salt: fixedBytes(kdf.salt, SALT_BYTES, 'salt'),
    iv: fixedBytes(cipher.iv, IV_BYTES, 'IV'),
    ciphertext: fixedBytes(record.ciphertext, PLAINTEXT_BYTES + TAG_BYTES, 'ciphertext'),
    address,
  };
}

function fixedBytes(value: unknown, size: number, field: string): Uint8Array<ArrayBuffer> {
  if (typeof value !== 'string' || !/^0x(?:[0-9a-f]{2})*$/i.test(value)) throw new CorruptVaultError(`the ${field} is not hex`);
  const bytes = new Uint8Array(hexToBytes(value as Hex));
  if (bytes.length !== size) throw new CorruptVaultError(`the ${field} has ${bytes.length} bytes instead of ${size}`);
  return bytes;
}

async function deriveKey(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(normalizePassword(password)), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  );
}

/** The same password typed with composed or decomposed accents must open the vault. */
function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Binds the address and version to the ciphertext: editing either fails authentication. */
function additionalData(address: Address): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`network-union/vault/v${VAULT_VERSION}:${address}`);
}

/** JSON padded with spaces, which JSON.parse ignores. */
function encodeSecret(secret: VaultSecret): Uint8Array<ArrayBuffer> {
  const json = new TextEncoder().encode(JSON.stringify(secret));
  if (json.length > PLAINTEXT_BYTES) throw new RangeError(`The secret is ${json.length} bytes; a vault holds at most ${PLAINTEXT_BYTES}.`);
  const padded = new Uint8Array(PLAINTEXT_BYTES).fill(0x20);
  padded.set(json);
  return padded;
}

/** Only reached after authentication, so a failure here means the vault was written wrongly. */
function decodeSecret(plaintext: Uint8Array): VaultSecret {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    throw new CorruptVaultError('the decrypted content is not JSON');
  }
  if (isObject(value) && value.kind === 'mnemonic' && typeof value.mnemonic === 'string') return { kind: 'mnemonic', mnemonic: value.mnemonic };
  if (isObject(value) && value.kind === 'privateKey' && typeof value.privateKey === 'string' && /^0x[0-9a-f]{64}$/i.test(value.privateKey)) {
    return { kind: 'privateKey', privateKey: value.privateKey as Hex };
  }
  throw new CorruptVaultError('the decrypted content is not a recovery phrase or a private key');
}

function isIterationCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_ITERATIONS;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
