import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { hexToBytes } from 'viem';
import { secp256k1 } from '@noble/curves/secp256k1';
import { WrongPasswordError } from '@/lib/crypto/vault';
import { openUnionDb, type UnionDb } from '@/lib/store/db';
import { createKeeper, DEFAULT_AUTO_LOCK_MINUTES, FREE_PASSWORD_ATTEMPTS, LockedError, LONGEST_WAIT_MS, WalletError, type SessionStore } from '@/lib/wallet/keeper';

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
const newKeeper = (over: { session?: SessionStore; db?: UnionDb } = {}) => createKeeper({ db: over.db ?? db, session: over.session ?? session, now, iterations: 1_000 });

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

  it('lets one of two imports racing from two wallet tabs win, and refuses the other whole', async () => {
    const other = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
    const sessions = [memorySession(), memorySession()];
    const outcomes = await Promise.allSettled([
      newKeeper({ session: sessions[0] }).importSecret(DEV_KEY, PASSWORD),
      newKeeper({ session: sessions[1] }).importSecret(other, 'another password'),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const loser = outcomes.findIndex((o) => o.status === 'rejected');
    expect(((outcomes[loser] as PromiseRejectedResult).reason as Error).message).toMatch(/already stored/);
    // The loser kept nothing unlocked; the stored vault is the winner's and opens with its password.
    expect(sessions[loser]!.data.has('unlocked')).toBe(false);
    const stored = await db.get('vault', 'primary');
    const winner = newKeeper({ session: sessions[1 - loser] });
    expect((await winner.account()).address).toBe(stored!.address);
    await winner.lock();
    await expect(winner.unlock(loser === 0 ? 'another password' : PASSWORD)).resolves.toMatchObject({ state: 'unlocked' });
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

  it("counts the member's acts (touch) as activity, never a mere use of the key", async () => {
    const keeper = newKeeper();
    await keeper.importSecret(DEV_KEY, PASSWORD);
    const unlockedAt = time;
    // A host page's requests use the account and the messaging key every few minutes: no effect.
    for (let i = 0; i < 7; i++) {
      time += 2 * MINUTE;
      await keeper.account();
      await keeper.messagingKey();
    }
    expect(await keeper.status()).toMatchObject({ state: 'unlocked', locksAt: unlockedAt + 15 * MINUTE });
    time += MINUTE;
    expect((await keeper.status()).state).toBe('locked');
    await expect(keeper.account()).rejects.toBeInstanceOf(LockedError);
    // A touch while locked unlocks nothing.
    await keeper.touch();
    expect((await keeper.status()).state).toBe('locked');

    await keeper.unlock(PASSWORD);
    time += 10 * MINUTE;
    await keeper.touch();
    expect(await keeper.status()).toMatchObject({ state: 'unlocked', locksAt: time + 15 * MINUTE });
    time += 10 * MINUTE; // 20 minutes after unlocking, 10 after the member's last act
    expect((await keeper.account()).address).toBe(DEV_ADDRESS);
    time += 5 * MINUTE;
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

describe('wrong passwords', () => {
  it(`are free ${FREE_PASSWORD_ATTEMPTS} times, then each further try waits, doubling up to 5 minutes, across restarts`, async () => {
    const keeper = newKeeper();
    await keeper.importSecret(DEV_KEY, PASSWORD);
    await keeper.lock();
    for (let i = 0; i < FREE_PASSWORD_ATTEMPTS; i++) await expect(keeper.unlock(`wrong ${i}`)).rejects.toBeInstanceOf(WrongPasswordError);
    // Even the right password waits now, and so do export and removal: no way around the wait.
    await expect(keeper.unlock(PASSWORD)).rejects.toThrow(/Too many wrong passwords: try again in 15 s/);
    await expect(keeper.exportSecret(PASSWORD)).rejects.toThrow(/Too many wrong passwords/);
    await expect(keeper.remove(PASSWORD)).rejects.toThrow(/Too many wrong passwords/);
    // A restarted browser (new keeper, empty session) still waits.
    const restarted = newKeeper({ session: memorySession() });
    time += 14_000;
    await expect(restarted.unlock(PASSWORD)).rejects.toThrow(/try again in 1 s/);
    time += 1_000;
    await expect(restarted.unlock('wrong again')).rejects.toBeInstanceOf(WrongPasswordError);
    time += 29_000;
    await expect(restarted.unlock(PASSWORD)).rejects.toThrow(/try again in 1 s/);
    // Many more wrong tries never wait longer than 5 minutes.
    for (let i = 0; i < 10; i++) {
      time += LONGEST_WAIT_MS;
      await expect(restarted.unlock('wrong')).rejects.toBeInstanceOf(WrongPasswordError);
    }
    await expect(restarted.unlock(PASSWORD)).rejects.toThrow(/try again in 300 s/);
    time += LONGEST_WAIT_MS;
    // The right password opens it and starts the count again.
    expect((await restarted.unlock(PASSWORD)).state).toBe('unlocked');
    await restarted.lock();
    for (let i = 0; i < FREE_PASSWORD_ATTEMPTS - 1; i++) await expect(restarted.unlock('wrong')).rejects.toBeInstanceOf(WrongPasswordError);
    expect((await restarted.unlock(PASSWORD)).state).toBe('unlocked');
  });
});

/** A property of the real database, methods bound to it, for proxies that change one method. */
function bound(target: UnionDb, property: string | symbol): unknown {
  const value: unknown = Reflect.get(target, property, target);
  return typeof value === 'function' ? value.bind(target) : value;
}

/** The database, with the vault's write transactions failing in `how`. */
function interrupted(how: 'transaction' | 'write'): UnionDb {
  return new Proxy(db, {
    get(target, property) {
      if (property !== 'transaction') return bound(target, property);
      return (stores: string, mode?: IDBTransactionMode) => {
        // The browser quits before the write starts: no transaction can be opened.
        if (how === 'transaction' && stores === 'vault' && mode === 'readwrite') throw new DOMException('The database connection is closing.', 'InvalidStateError');
        const tx = target.transaction(stores as 'vault', mode);
        if (how === 'write' && stores === 'vault' && mode === 'readwrite') {
          // The browser dies in the middle of the write: the transaction never commits.
          tx.store.put = async () => {
            tx.abort();
            throw new DOMException('The transaction was aborted.', 'AbortError');
          };
        }
        return tx;
      };
    },
  }) as UnionDb;
}

describe('changing the password', () => {
  const NEW_PASSWORD = 'a new long password';

  /** Whether `password` opens the vault stored now, for a keeper that starts from scratch. */
  async function opens(password: string): Promise<boolean> {
    return newKeeper({ session: memorySession() }).exportSecret(password).then(() => true, () => false);
  }

  it('re-encrypts the key: the new password opens it, the old one no longer does', async () => {
    const keeper = newKeeper();
    await keeper.importSecret(TEST_PHRASE, PASSWORD);
    const before = await db.get('vault', 'primary');
    expect(await keeper.changePassword(PASSWORD, NEW_PASSWORD)).toMatchObject({ state: 'unlocked', address: DEV_ADDRESS });
    const after = await db.get('vault', 'primary');
    expect(after!.ciphertext).not.toBe(before!.ciphertext);
    expect(after!.kdf.salt).not.toBe(before!.kdf.salt);
    expect(await keeper.exportSecret(NEW_PASSWORD)).toEqual({ kind: 'mnemonic', mnemonic: TEST_PHRASE });
    expect(await opens(PASSWORD)).toBe(false);
  });

  it('refuses a wrong old password or a weak new one, changing nothing', async () => {
    const keeper = newKeeper();
    await keeper.importSecret(DEV_KEY, PASSWORD);
    const before = await db.get('vault', 'primary');
    await expect(keeper.changePassword('wrong password', NEW_PASSWORD)).rejects.toBeInstanceOf(WrongPasswordError);
    await expect(keeper.changePassword(PASSWORD, 'short')).rejects.toThrow(/at least 8 characters/);
    expect(await db.get('vault', 'primary')).toEqual(before);
  });

  it('interrupted before or during the write, leaves the old password opening the vault, never neither', async () => {
    await newKeeper().importSecret(DEV_KEY, PASSWORD);
    const before = await db.get('vault', 'primary');
    for (const how of ['transaction', 'write'] as const) {
      await expect(newKeeper({ db: interrupted(how) }).changePassword(PASSWORD, NEW_PASSWORD)).rejects.toThrow();
      expect(await db.get('vault', 'primary')).toEqual(before);
      expect(await opens(PASSWORD)).toBe(true);
      expect(await opens(NEW_PASSWORD)).toBe(false);
    }
    // Completed, exactly the new one opens it.
    await newKeeper().changePassword(PASSWORD, NEW_PASSWORD);
    expect([await opens(PASSWORD), await opens(NEW_PASSWORD)]).toEqual([false, true]);
  });

  it('refuses to overwrite a key another tab replaced meanwhile', async () => {
    await newKeeper().importSecret(DEV_KEY, PASSWORD);
    // Another tab removes the key and imports another just after this change read the vault.
    let raced = false;
    const racing = new Proxy(db, {
      get(target, property) {
        if (property !== 'get') return bound(target, property);
        return async (store: 'vault', key: 'primary') => {
          const value = await target.get(store, key);
          if (store === 'vault' && !raced) {
            raced = true;
            await newKeeper().remove(PASSWORD);
            await newKeeper().importSecret(TEST_PHRASE, 'the other tab password');
          }
          return value;
        };
      },
    }) as UnionDb;
    await expect(newKeeper({ db: racing }).changePassword(PASSWORD, NEW_PASSWORD)).rejects.toThrow(/changed while the password was being changed/);
    expect(await opens('the other tab password')).toBe(true);
    expect(await opens(NEW_PASSWORD)).toBe(false);
  });
});

describe('a vault of fewer iterations than new ones get (an earlier version)', () => {
  const weaker = () => createKeeper({ db, session, now, iterations: 500 });

  it('is re-encrypted at the current count on unlock, under the same password; a wrong password changes nothing', async () => {
    await weaker().importSecret(DEV_KEY, PASSWORD);
    await weaker().lock();
    const before = await db.get('vault', 'primary');
    await expect(newKeeper().unlock('wrong password')).rejects.toBeInstanceOf(WrongPasswordError);
    expect(await db.get('vault', 'primary')).toEqual(before);

    expect(await newKeeper().unlock(PASSWORD)).toMatchObject({ state: 'unlocked', address: DEV_ADDRESS });
    const after = await db.get('vault', 'primary');
    expect(after).toMatchObject({ kdf: { iterations: 1_000 }, address: DEV_ADDRESS });
    expect(after!.kdf.salt).not.toBe(before!.kdf.salt);
    expect(await newKeeper({ session: memorySession() }).exportSecret(PASSWORD)).toEqual({ kind: 'privateKey', privateKey: DEV_KEY });

    // At the current count, unlocking leaves the record as it is.
    await newKeeper().lock();
    await newKeeper().unlock(PASSWORD);
    expect(await db.get('vault', 'primary')).toEqual(after);
  });

  it('is never weakened: a vault of more iterations stays as it is', async () => {
    await createKeeper({ db, session, now, iterations: 2_000 }).importSecret(DEV_KEY, PASSWORD);
    await newKeeper().lock();
    const before = await db.get('vault', 'primary');
    await newKeeper().unlock(PASSWORD);
    expect(await db.get('vault', 'primary')).toEqual(before);
  });

  it('still unlocks when the new record cannot be written, and the old one keeps opening', async () => {
    await weaker().importSecret(DEV_KEY, PASSWORD);
    await weaker().lock();
    const before = await db.get('vault', 'primary');
    for (const how of ['transaction', 'write'] as const) {
      expect(await newKeeper({ db: interrupted(how) }).unlock(PASSWORD)).toMatchObject({ state: 'unlocked', address: DEV_ADDRESS });
      expect(await db.get('vault', 'primary')).toEqual(before);
      await newKeeper().lock();
    }
    await newKeeper().unlock(PASSWORD);
    expect((await db.get('vault', 'primary'))!.kdf.iterations).toBe(1_000);
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
