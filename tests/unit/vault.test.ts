import { describe, expect, it } from 'vitest';
import {
  CorruptVaultError,
  DEFAULT_ITERATIONS,
  UnsupportedVaultVersionError,
  VAULT_VERSION,
  WrongPasswordError,
  decryptVault,
  encryptVault,
  validateNewPassword,
  type VaultRecord,
  type VaultSecret,
} from '@/lib/crypto/vault';

const mnemonic: VaultSecret = { kind: 'mnemonic', mnemonic: 'test test test test test test test test test test test junk' };
const privateKey: VaultSecret = { kind: 'privateKey', privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' };
const password = 'correct horse battery';
// Keeps most tests fast; exactly one test runs the real default, one an earlier version's count.
const fast = { iterations: 1_000 };

function flipHexByte(hex: string, index: number): string {
  const at = 2 + index * 2;
  const flipped = (Number.parseInt(hex.slice(at, at + 2), 16) ^ 0x01).toString(16).padStart(2, '0');
  return hex.slice(0, at) + flipped + hex.slice(at + 2);
}

describe('vault', () => {
  it('round-trips a recovery phrase at the default 2,000,000 iterations', async () => {
    const record = await encryptVault(mnemonic, password, { now: 1_700_000_000_000 });
    expect(record.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: DEFAULT_ITERATIONS });
    expect(DEFAULT_ITERATIONS).toBe(2_000_000);
    expect(record.version).toBe(VAULT_VERSION);
    expect(record.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(record.createdAt).toBe(1_700_000_000_000);
    expect(await decryptVault(record, password)).toEqual(mnemonic);
  });

  it('opens a record written by earlier versions at 600,000 iterations: the count comes from the record', async () => {
    const record: VaultRecord = {
      version: 1,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000, salt: '0x6007f1a27522ebccea0472b62f0851a2' },
      cipher: { name: 'AES-GCM', iv: '0x5bf3b0b681b3e4ec931b2a65' },
      ciphertext:
        '0xbb8dc237d0ecfa907265dbf4b91d4e7299cde93c4a7ea2861ddde58d58e74ad85761c2e82d9bef02e28039c35e5dec37eecc569e65dcc660bbd07b2c498067a759753bd662987991af2b62467468c88fed8ef91e3f67fa7c4181db8a226381357c0ba6408c470c3794beea25a19676ab21545457d1ded9afcdf51d10bdaf63d361cf2102f81e839b5bc9422386aa0d87826f6be4480278c9849184c77c224edd141fce82938d26d6b3e12c5d38c643c18dabf13f32e2b577bccdb9f40339afa85fc573cff1f97d2b60639a2983f602012c619f2673b94a262949a0187471fb61b556f8ed9072fa276cca4e979c2178451470eadbdd74c7bfa94c37ee5a4e0d07af11f9964d533a33b33046320eb9bd3a',
      address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      createdAt: 1_700_000_000_000,
    };
    expect(await decryptVault(record, password)).toEqual(privateKey);
    await expect(decryptVault({ ...record, kdf: { ...record.kdf, iterations: 1 } }, password)).rejects.toBeInstanceOf(WrongPasswordError);
  });

  it('round-trips a private key and survives JSON serialisation', async () => {
    const record = await encryptVault(privateKey, password, fast);
    expect(record.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(await decryptVault(JSON.parse(JSON.stringify(record)), password)).toEqual(privateKey);
  });

  it('stores salt, IV and ciphertext at their sizes, and pads every secret to one size', async () => {
    const a = await encryptVault(mnemonic, password, fast);
    const b = await encryptVault(privateKey, password, fast);
    expect(a.kdf.salt).toMatch(/^0x[0-9a-f]{32}$/);
    expect(a.cipher.iv).toMatch(/^0x[0-9a-f]{24}$/);
    expect(a.ciphertext.length).toBe(b.ciphertext.length);
    expect(a.ciphertext).not.toContain('test');
  });

  it('gives different salt, IV and ciphertext for the same secret and password', async () => {
    const a = await encryptVault(mnemonic, password, fast);
    const b = await encryptVault(mnemonic, password, fast);
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('refuses a wrong password and leaves the record byte for byte unchanged', async () => {
    const record = await encryptVault(mnemonic, password, fast);
    const before = JSON.stringify(record);
    const error = await decryptVault(record, 'correct horse battery!').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPasswordError);
    expect((error as Error).message).toBe('Wrong password: the vault is unchanged, try again.');
    expect(JSON.stringify(record)).toBe(before);
    await decryptVault(record, password);
    expect(JSON.stringify(record)).toBe(before);
  });

  it('opens with the password typed in another Unicode normal form', async () => {
    const record = await encryptVault(privateKey, 'mot de passe \u00e9t\u00e9', fast);
    expect(await decryptVault(record, 'mot de passe e\u0301te\u0301')).toEqual(privateKey);
  });

  describe('a damaged record', () => {
    async function fresh(): Promise<VaultRecord> {
      return encryptVault(mnemonic, password, fast);
    }

    it('with a flipped ciphertext byte fails authentication: WrongPasswordError (indistinguishable in AES-GCM)', async () => {
      const record = await fresh();
      await expect(decryptVault({ ...record, ciphertext: flipHexByte(record.ciphertext, 10) }, password)).rejects.toBeInstanceOf(WrongPasswordError);
      await expect(decryptVault({ ...record, cipher: { ...record.cipher, iv: flipHexByte(record.cipher.iv, 0) } }, password)).rejects.toBeInstanceOf(
        WrongPasswordError,
      );
    });

    it('with another valid address fails authentication, so the swap is never accepted', async () => {
      const record = await fresh();
      const swapped = { ...record, address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' };
      await expect(decryptVault(swapped, password)).rejects.toBeInstanceOf(WrongPasswordError);
    });

    it('with a malformed or unchecksummed address is corrupt', async () => {
      const record = await fresh();
      await expect(decryptVault({ ...record, address: record.address.toLowerCase() }, password)).rejects.toBeInstanceOf(CorruptVaultError);
      await expect(decryptVault({ ...record, address: '0x1234' }, password)).rejects.toBeInstanceOf(CorruptVaultError);
    });

    it('with a truncated or extended ciphertext is corrupt', async () => {
      const record = await fresh();
      await expect(decryptVault({ ...record, ciphertext: record.ciphertext.slice(0, -2) }, password)).rejects.toThrow(/ciphertext has 271 bytes instead of 272/);
      await expect(decryptVault({ ...record, ciphertext: record.ciphertext.slice(0, 40) }, password)).rejects.toBeInstanceOf(CorruptVaultError);
      await expect(decryptVault({ ...record, ciphertext: `${record.ciphertext}00` }, password)).rejects.toBeInstanceOf(CorruptVaultError);
    });

    it('with bad hex or wrong salt and IV sizes is corrupt', async () => {
      const record = await fresh();
      const cases: unknown[] = [
        { ...record, ciphertext: record.ciphertext.replace(/^0x./, '0xg') },
        { ...record, ciphertext: record.ciphertext.slice(1) },
        { ...record, kdf: { ...record.kdf, salt: record.kdf.salt.slice(0, -2) } },
        { ...record, cipher: { ...record.cipher, iv: `${record.cipher.iv}00` } },
      ];
      for (const damaged of cases) await expect(decryptVault(damaged, password)).rejects.toBeInstanceOf(CorruptVaultError);
    });

    it('with missing or wrong fields is corrupt, naming what is wrong', async () => {
      const record = await fresh();
      const { ciphertext: _c, ...noCiphertext } = record;
      const { kdf: _k, ...noKdf } = record;
      const cases: [unknown, RegExp][] = [
        [null, /not an object/],
        ['{}', /not an object/],
        [{ ...record, version: undefined }, /version is missing/],
        [{ ...record, version: '1' }, /version is "1"/],
        [noCiphertext, /ciphertext is not hex/],
        [noKdf, /not PBKDF2-SHA256/],
        [{ ...record, kdf: { ...record.kdf, hash: 'SHA-1' } }, /not PBKDF2-SHA256/],
        [{ ...record, kdf: { ...record.kdf, iterations: 0 } }, /iteration count/],
        [{ ...record, kdf: { ...record.kdf, iterations: 1e12 } }, /iteration count/],
        [{ ...record, cipher: { name: 'AES-CBC', iv: record.cipher.iv } }, /not AES-GCM/],
      ];
      for (const [damaged, message] of cases) {
        const error = await decryptVault(damaged, password).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CorruptVaultError);
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).toMatch(/restore the account from its recovery phrase/);
      }
    });

    it('with an unknown newer version asks for an update', async () => {
      const record = await fresh();
      const error = await decryptVault({ ...record, version: 2 }, password).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsupportedVaultVersionError);
      expect((error as Error).message).toMatch(/version 2.*update the extension/);
    });
  });

  it('refuses to encrypt a malformed secret or an absurd iteration count', async () => {
    await expect(encryptVault({ kind: 'mnemonic', mnemonic: 'test test test' }, password, fast)).rejects.toThrow(/recovery phrase/);
    await expect(encryptVault({ kind: 'privateKey', privateKey: '0x00' }, password, fast)).rejects.toThrow(/private key/);
    await expect(encryptVault(mnemonic, password, { iterations: 0.5 })).rejects.toBeInstanceOf(RangeError);
  });

  it('asks for new passwords of at least 8 characters', () => {
    expect(validateNewPassword('')).toMatch(/at least 8 characters \(this password has 0\)/);
    expect(validateNewPassword('1234567')).toMatch(/at least 8/);
    expect(validateNewPassword('🔑🔑🔑🔑🔑🔑🔑')).toMatch(/has 7/);
    expect(validateNewPassword('12345678')).toBeNull();
    expect(validateNewPassword(password)).toBeNull();
  });
});
