import { describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1';
import { generateMnemonic, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english';
import { bytesToHex, hexToBytes } from 'viem';
import {
  ETH_DERIVATION_PATH,
  accountFromSecret,
  createMnemonic,
  messagingKeyOf,
  parseSecretImport,
  privateKeyOf,
  wordsToConfirm,
} from '@/lib/wallet/keys';
import type { VaultSecret } from '@/lib/crypto/vault';

const TEST_PHRASE = 'test test test test test test test test test test test junk';
const ABANDON_PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const DEV_ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

const phrase = (mnemonic: string): VaultSecret => ({ kind: 'mnemonic', mnemonic });

describe('accounts', () => {
  it('derives the standard addresses at the BIP-44 Ethereum path', () => {
    expect(ETH_DERIVATION_PATH).toBe("m/44'/60'/0'/0/0");
    expect(accountFromSecret(phrase(TEST_PHRASE)).address).toBe(DEV_ADDRESS);
    expect(privateKeyOf(phrase(TEST_PHRASE))).toBe(DEV_KEY);
    expect(accountFromSecret(phrase(ABANDON_PHRASE)).address).toBe('0x9858EfFD232B4033E47d90003D41EC34EcaEda94');
  });

  it('opens the same account from the private key', () => {
    expect(accountFromSecret({ kind: 'privateKey', privateKey: DEV_KEY }).address).toBe(DEV_ADDRESS);
  });

  it('refuses a malformed secret with a pointer to the import parser', () => {
    expect(() => accountFromSecret(phrase('test test test'))).toThrow(/parseSecretImport/);
    expect(() => accountFromSecret({ kind: 'privateKey', privateKey: `0x${'0'.repeat(64)}` })).toThrow(/Not a valid private key/);
  });

  it('creates valid, different 12-word phrases', () => {
    const a = createMnemonic();
    const b = createMnemonic();
    expect(a.split(' ')).toHaveLength(12);
    expect(validateMnemonic(a, wordlist)).toBe(true);
    expect(a).not.toBe(b);
    expect(accountFromSecret(phrase(a)).address).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });
});

describe('import parsing', () => {
  it('reads a private key with or without 0x, in any case, with whitespace around', () => {
    const expected = { ok: true, secret: { kind: 'privateKey', privateKey: DEV_KEY } };
    expect(parseSecretImport(DEV_KEY)).toEqual(expected);
    expect(parseSecretImport(DEV_KEY.slice(2))).toEqual(expected);
    expect(parseSecretImport(`  ${DEV_KEY.toUpperCase().replace('0X', '0x')}\n`)).toEqual(expected);
    expect(parseSecretImport(DEV_KEY.slice(2).toUpperCase())).toEqual(expected);
  });

  it('refuses a 63- or 65-character key, saying how long it is', () => {
    expect(parseSecretImport(DEV_KEY.slice(0, -1))).toEqual({ ok: false, reason: expect.stringMatching(/64 hexadecimal.*this one has 63/) });
    expect(parseSecretImport(`${DEV_KEY}0`)).toEqual({ ok: false, reason: expect.stringContaining('has 65') });
  });

  it('refuses a key outside the curve order', () => {
    expect(parseSecretImport(`0x${'0'.repeat(64)}`)).toEqual({ ok: false, reason: expect.stringContaining('curve order') });
    expect(parseSecretImport(`0x${'f'.repeat(64)}`)).toEqual({ ok: false, reason: expect.stringContaining('curve order') });
  });

  it('normalises the spacing and case of a phrase', () => {
    const messy = `  Test test\ttest  TEST test\ntest test test test test test   Junk `;
    expect(parseSecretImport(messy)).toEqual({ ok: true, secret: { kind: 'mnemonic', mnemonic: TEST_PHRASE } });
  });

  it('accepts every standard phrase length', () => {
    for (const bits of [128, 160, 192, 224, 256]) {
      const mnemonic = generateMnemonic(wordlist, bits);
      expect(parseSecretImport(mnemonic)).toEqual({ ok: true, secret: { kind: 'mnemonic', mnemonic } });
    }
  });

  it('refuses a phrase whose checksum fails', () => {
    const swapped = ABANDON_PHRASE.replace(/about$/, 'abandon');
    expect(parseSecretImport(swapped)).toEqual({ ok: false, reason: expect.stringContaining('checksum') });
  });

  it('names the word that is not in the list', () => {
    const typo = TEST_PHRASE.replace('junk', 'junq');
    expect(parseSecretImport(typo)).toEqual({ ok: false, reason: 'Word 12, "junq", is not in the BIP-39 English word list: check its spelling.' });
  });

  it('refuses a wrong number of words', () => {
    expect(parseSecretImport('test test test test test test test test test test junk')).toEqual({
      ok: false,
      reason: 'A recovery phrase has 12, 15, 18, 21 or 24 words; this one has 11.',
    });
    expect(parseSecretImport('   ')).toEqual({ ok: false, reason: expect.stringContaining('Paste a recovery phrase') });
  });
});

describe('confirming the written phrase', () => {
  it('picks distinct sorted positions within the phrase', () => {
    for (let run = 0; run < 50; run++) {
      const positions = wordsToConfirm(TEST_PHRASE, 3);
      expect(positions).toHaveLength(3);
      expect(new Set(positions).size).toBe(3);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      for (const p of positions) expect(p >= 0 && p < 12).toBe(true);
    }
  });

  it('follows the given random source and stays in range at its extremes', () => {
    expect(wordsToConfirm(TEST_PHRASE, 3, () => 0)).toEqual([0, 1, 2]);
    expect(wordsToConfirm(TEST_PHRASE, 2, () => 0.999999)).toEqual([0, 11]);
    expect(wordsToConfirm(TEST_PHRASE, 2, () => 1)).toEqual([0, 11]);
    expect(wordsToConfirm(TEST_PHRASE, 12, Math.random)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('refuses to ask for no words or more words than the phrase has', () => {
    expect(() => wordsToConfirm(TEST_PHRASE, 0)).toThrow(RangeError);
    expect(() => wordsToConfirm(TEST_PHRASE, 13)).toThrow(/1 to 12/);
  });
});

describe('messaging key', () => {
  const secret = phrase(TEST_PHRASE);

  it('is a valid compressed secp256k1 public key for its private key', () => {
    const { privateKey, publicKey } = messagingKeyOf(secret);
    expect(publicKey).toMatch(/^0x0[23][0-9a-f]{64}$/);
    expect(secp256k1.utils.isValidPrivateKey(hexToBytes(privateKey))).toBe(true);
    expect(() => secp256k1.ProjectivePoint.fromHex(publicKey.slice(2)).assertValidity()).not.toThrow();
    expect(publicKey).toBe(bytesToHex(secp256k1.getPublicKey(hexToBytes(privateKey), true)));
  });

  it('is deterministic, the same from the phrase and from its private key', () => {
    expect(messagingKeyOf(secret)).toEqual(messagingKeyOf(secret));
    expect(messagingKeyOf({ kind: 'privateKey', privateKey: DEV_KEY })).toEqual(messagingKeyOf(secret));
  });

  it('differs from the account key and between accounts', () => {
    const { privateKey, publicKey } = messagingKeyOf(secret);
    expect(privateKey).not.toBe(DEV_KEY);
    expect(publicKey).not.toBe(bytesToHex(secp256k1.getPublicKey(hexToBytes(DEV_KEY), true)));
    expect(messagingKeyOf(phrase(ABANDON_PHRASE)).privateKey).not.toBe(privateKey);
  });
});
