import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { hexToBytes } from 'viem';
import { secp256k1 } from '@noble/curves/secp256k1';
import { WrongPasswordError } from '@/lib/crypto/vault';
import { openUnionDb, type UnionDb } from '@/lib/store/db';
import { createKeeper, DEFAULT_AUTO_LOCK_MINUTES, LockedError, WalletError, type SessionStore } from '@/lib/wallet/keeper';

const TEST_PHRASE = 'test test test test test test test test test test test junk';
const DEV_ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const PASSWORD = 'correct horse battery';
const MINUTE = 60_000;

/** storage.session: a Map, so a test can look at and replace what it holds. */
function memorySession(): SessionStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async <T,>(key: string) => structuredClone(data.get(key)) as T | undefined,
    set: async (key: string, value: unknown) => void data.set(key, structuredClone(value)),
    remove: async (key: string) => void data.delete(key),
  };
}

let db: UnionDb;
let session: ReturnType<typeof memorySession>;
let time: number;
const now = () => time;
const newKeeper = (over: { session?: SessionStore } = {}) => createKeeper({ db, session: over.session ?? session, now, iterations: 1_000 });

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openUnionDb();
  session = memorySession();
  time = 1_700_000_000_000;
});

describe('creating a new key', () => {
  it('asks for three words of a new 12-word phrase, refuses wrong ones and stores nothing', async () => {
    const keeper = newKeeper();
    const { mnemonic, confirm } = await keeper.prepareCreate();
    const words = mnemonic.split(' ');
    expect(words).toHaveLength(12);
    expect(confirm).toHaveLength(3);
    expect(new Set(confirm).size).toBe(3);
    for (const position of confirm) {
      expect(position).toBeGreaterThanOrEqual(0);
      expect(position).toBeLessThan(12);
    }

    // The second answer is wrong: the error names that word's number (1-based).
    const answers = confirm.map((p) => words[p]!);
    const wrong = [...answers];
    wrong[1] = words[confirm[1]!] === 'zoo' ? 'abandon' : 'zoo';
    await expect(keeper.confirmCreate(PASSWORD, wrong)).rejects.toThrow(new RegExp(`Word #${confirm[1]! + 1} does not match`));
    await expect(keeper.confirmCreate(PASSWORD, wrong)).rejects.toBeInstanceOf(WalletError);
    await expect(keeper.confirmCreate(PASSWORD, [])).rejects.toThrow(new RegExp(`Word #${confirm[0]! + 1} `));
    expect(await db.get('vault', 'primary')).toBeUndefined();
    expect(await keeper.status()).toEqual({ state: 'none' });

    // Right words (any case and spacing) store the vault and unlock it.
    const status = await keeper.confirmCreate(PASSWORD, answers.map((a) => `  ${a.toUpperCase()} `));
    const vault = await db.get('vault', 'primary');
    expect(vault?.kdf.iterations).toBe(1_000);
    expect(status).toEqual({
      state: 'unlocked',
      address: vault!.address,
      autoLockMinutes: DEFAULT_AUTO_LOCK_MINUTES,
      locksAt: time + DEFAULT_AUTO_LOCK_MINUTES * MINUTE,
    });
    expect((await keeper.account()).address).toBe(vault!.address);
    expect(await keeper.exportSecret(PASSWORD)).toEqual({ kind: 'mnemonic', mnemonic });

    // The phrase is not kept once used.
    expect([...session.data.values()].some((v) => JSON.stringify(v).includes(mnemonic))).toBe(false);
    await expect(keeper.confirmCreate(PASSWORD, answers)).rejects.toThrow(/Start again/);
  });

  it('refuses a weak password and keeps the phrase for another try', async () => {
    const keeper = newKeeper();
    const { mnemonic, confirm } = await keeper.prepareCreate();
    const answers = confirm.map((p) => mnemonic.split(' ')[p]!);
    await expect(keeper.confirmCreate('short', answers)).rejects.toThrow(/at least 8 characters/);
    expect(await keeper.status()).toEqual({ state: 'none' });
    expect((await keeper.confirmCreate(PASSWORD, answers)).state).toBe('unlocked');
  });

  it('without a prepared phrase (browser restarted) asks to start again', async () => {
    await expect(newKeeper().confirmCreate(PASSWORD, ['a', 'b', 'c'])).rejects.toThrow(/Start again/);
  });
});

describe('importing a key', () => {
  it('imports a private key, unlocked', async () => {
    const keeper = newKeeper();
    const status = await keeper.importSecret(DEV_KEY, PASSWORD);
    expect(status).toMatchObject({ state: 'unlocked', address: DEV_ADDRESS });
    expect((await keeper.account()).address).toBe(DEV_ADDRESS);
    expect(await keeper.address()).toBe(DEV_ADDRESS);
  });

  it('imports the standard test phrase as 0xf39F…2266', async () => {
    const keeper = newKeeper();
    const status = await keeper.importSecret(`  ${TEST_PHRASE.toUpperCase()}\n`, PASSWORD);
    expect(status).toMatchObject({ state: 'unlocked', address: DEV_ADDRESS });
    expect(await keeper.exportSecret(PASSWORD)).toEqual({ kind: 'mnemonic', mnemonic: TEST_PHRASE });
  });

  it('refuses a second import while a key exists, and keeps the first', async () => {
    const keeper = newKeeper();
    await keeper.importSecret(TEST_PHRASE, PASSWORD);
    const before = await db.get('vault', 'primary');
    const other = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
    await expect(keeper.importSecret(other, PASSWORD)).rejects.toThrow(/already stored/);
    expect(await db.get('vault', 'primary')).toEqual(before);
    expect((await keeper.account()).address).toBe(DEV_ADDRESS);
  });

  it('refuses a weak password and an unreadable secret, storing nothing', async () => {
    const keeper = newKeeper();
    await expect(keeper.importSecret(DEV_KEY, 'short')).rejects.toThrow(/at least 8 characters/);
    await expect(keeper.importSecret('not a phrase at all', PASSWORD)).rejects.toBeInstanceOf(WalletError);
    expect(await keeper.status()).toEqual({ state: 'none' });
    expect(session.data.size).toBe(0);
  });
});

describe('locking and unlocking', () => {
  it('refuses a wrong password and leaves the vault record unchanged', async () => {
    const keeper = newKeeper();
    await keeper.importSecret(DEV_KEY, PASSWORD);
    await keeper.lock();
    const before = await db.get('vault', 'primary');
    await expect(keeper.unlock('wrong password')).rejects.toBeInstanceOf(WrongPasswordError);
    expect(await db.get('vault', 'primary')).toEqual(before);
    expect(await keeper.status()).toEqual({ state: 'locked', address: DEV_ADDRESS, autoLockMinutes: DEFAULT_AUTO_LOCK_MINUTES });
    await expect(keeper.account()).rejects.toBeInstanceOf(LockedError);
  });

  it('unlocks, then locks after the idle time and wipes the session', async () => {
    const keeper = newKeeper();
    await keeper.importSecret(DEV_KEY, PASSWORD);
    await keeper.lock();
    expect(session.data.has('unlocked')).toBe(false);
    expect(await keeper.unlock(PASSWORD)).toMatchObject({ state: 'unlocked', locksAt: time + 15 * MINUTE });
    expect((await keeper.account()).address).toBe(DEV_ADDRESS);

    time += 15 * MINUTE - 1;
    expect((await keeper.status()).state).toBe('unlocked');
    time += 1;
    await expect(keeper.account()).rejects.toBeInstanceOf(LockedError);
    expect(session.data.has('unlocked')).toBe(false);
    expect((await keeper.status()).state).toBe('locked');
  });

  it('counts each use of the account as activity', async () => {
    const keeper = newKeeper();
    await keeper.importSecret(DEV_KEY, PASSWORD);
    time += 10 * MINUTE;
    await keeper.account();
    expect(await keeper.status()).toMatchObject({ state: 'unlocked', locksAt: time + 15 * MINUTE });
    time += 10 * MINUTE; // 20 minutes after unlocking, 10 after the last use
    expect((await keeper.account()).address).toBe(DEV_ADDRESS);
    time += 15 * MINUTE;
    await expect(keeper.account()).rejects.toBeInstanceOf(LockedError);
  });

  it('status() alone is not activity', async () => {
    const keeper = newKeeper();
    await keeper.importSecret(DEV_KEY, PASSWORD);
    time += 10 * MINUTE;
    await keeper.status();
    time += 5 * MINUTE;
    expect((await keeper.status()).state).toBe('locked');
  });

  it('setAutoLock changes the idle time and refuses values out of range', async () => {
    const keeper = newKeeper();
    await keeper.importSecret(DEV_KEY, PASSWORD);
    expect(await keeper.setAutoLock(1)).toMatchObject({ state: 'unlocked', autoLockMinutes: 1, locksAt: time + MINUTE });
    time += MINUTE;
    await expect(keeper.account()).rejects.toBeInstanceOf(LockedError);

    await keeper.unlock(PASSWORD);
    await keeper.setAutoLock(60);
    time += 59 * MINUTE;
    expect((await keeper.account()).address).toBe(DEV_ADDRESS);
    time += 60 * MINUTE;
    await expect(keeper.account()).rejects.toBeInstanceOf(LockedError);

    for (const bad of [0, -5, 1.5, 24 * 60 + 1, Number.NaN]) await expect(keeper.setAutoLock(bad)).rejects.toThrow(/1 to 1,440 minutes/);
    expect(await keeper.status()).toMatchObject({ autoLockMinutes: 60 });
    // The setting is kept in the database, so another keeper sees it.
    expect(await newKeeper().status()).toMatchObject({ autoLockMinutes: 60 });
  });

  it('stays unlocked across a worker restart within the idle time, and locks after it', async () => {
    await newKeeper().importSecret(DEV_KEY, PASSWORD);
    time += 14 * MINUTE;
    const restarted = newKeeper(); // same db, same session
    expect(await restarted.status()).toMatchObject({ state: 'unlocked', address: DEV_ADDRESS });
    expect((await restarted.account()).address).toBe(DEV_ADDRESS);

    time += 15 * MINUTE;
    const again = newKeeper();
    expect((await again.status()).state).toBe('locked');
    await expect(again.account()).rejects.toBeInstanceOf(LockedError);
  });

  it('is locked after a browser restart (empty session)', async () => {
    await newKeeper().importSecret(DEV_KEY, PASSWORD);
    const afterBrowserRestart = newKeeper({ session: memorySession() });
    expect(await afterBrowserRestart.status()).toEqual({ state: 'locked', address: DEV_ADDRESS, autoLockMinutes: DEFAULT_AUTO_LOCK_MINUTES });
    await expect(afterBrowserRestart.account()).rejects.toBeInstanceOf(LockedError);
    expect((await afterBrowserRestart.unlock(PASSWORD)).state).toBe('unlocked');
  });

  it('unlock without a key says there is none', async () => {
    await expect(newKeeper().unlock(PASSWORD)).rejects.toThrow(/no key yet/);
  });
});

describe('export and remove', () => {
  it('exports only with the right password, even while unlocked', async () => {
    const keeper = newKeeper();
    await keeper.importSecret(DEV_KEY, PASSWORD);
    await expect(keeper.exportSecret('wrong password')).rejects.toBeInstanceOf(WrongPasswordError);
    expect(await keeper.exportSecret(PASSWORD)).toEqual({ kind: 'privateKey', privateKey: DEV_KEY });
    await keeper.lock();
    expect(await keeper.exportSecret(PASSWORD)).toEqual({ kind: 'privateKey', privateKey: DEV_KEY });
  });

  it('removes only with the right password, then there is no key', async () => {
    const keeper = newKeeper();
    await keeper.importSecret(DEV_KEY, PASSWORD);
    await expect(keeper.remove('wrong password')).rejects.toBeInstanceOf(WrongPasswordError);
    expect((await keeper.status()).state).toBe('unlocked');
    expect(await keeper.remove(PASSWORD)).toEqual({ state: 'none' });
    expect(await db.get('vault', 'primary')).toBeUndefined();
    expect(session.data.has('unlocked')).toBe(false);
    expect(await keeper.address()).toBeNull();
    await expect(keeper.account()).rejects.toBeInstanceOf(LockedError);
    // A new key can be imported now.
    expect((await keeper.importSecret(TEST_PHRASE, PASSWORD)).state).toBe('unlocked');
  });
});

describe('messaging key', () => {
  it('needs the wallet unlocked', async () => {
    const keeper = newKeeper();
    await keeper.importSecret(DEV_KEY, PASSWORD);
    await keeper.lock();
    await expect(keeper.messagingKey()).rejects.toBeInstanceOf(LockedError);
  });

  it('is a 33-byte compressed secp256k1 key pair, distinct from the account key, and stable', async () => {
    const keeper = newKeeper();
    await keeper.importSecret(DEV_KEY, PASSWORD);
    const { privateKey, publicKey } = await keeper.messagingKey();
    const bytes = hexToBytes(publicKey);
    expect(bytes).toHaveLength(33);
    expect([2, 3]).toContain(bytes[0]);
    expect(privateKey).not.toBe(DEV_KEY);
    expect(publicKey).toBe(`0x${Buffer.from(secp256k1.getPublicKey(hexToBytes(privateKey), true)).toString('hex')}`);
    expect(await newKeeper().messagingKey()).toEqual({ privateKey, publicKey });
  });
});
