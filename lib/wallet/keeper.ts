import type { Address, Hex } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { decryptVault, DEFAULT_ITERATIONS, encryptVault, validateNewPassword, WrongPasswordError, type VaultRecord, type VaultSecret } from '../crypto/vault';
import type { UnionDb } from '../store/db';
import { createMnemonic, messagingKeyOf, parseSecretImport, privateKeyOf, wordsToConfirm } from './keys';
import { UnionError, type ErrorCode } from '../errors';

/**
 * The browser's session storage (storage.session): in memory, cleared when the browser quits,
 * readable by trusted extension contexts only. It survives the worker being stopped.
 */
export interface SessionStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

export const DEFAULT_AUTO_LOCK_MINUTES = 15;
/** Wrong passwords allowed before each further attempt must wait. */
export const FREE_PASSWORD_ATTEMPTS = 5;
const FIRST_WAIT_MS = 15_000;
export const LONGEST_WAIT_MS = 5 * 60_000;
const UNLOCKED_KEY = 'unlocked';
const PENDING_CREATE_KEY = 'pendingCreate';

interface UnlockedSession {
  privateKey: Hex;
  lastActiveAt: number;
}

export type WalletStatus =
  | { state: 'none' }
  | { state: 'locked'; address: Address; autoLockMinutes: number }
  | { state: 'unlocked'; address: Address; autoLockMinutes: number; locksAt: number };

export class WalletError extends UnionError {
  override name = 'WalletError';
  constructor(message: string, code: ErrorCode = 'refused') {
    super(code, message);
  }
}

export class LockedError extends WalletError {
  constructor() {
    super('The wallet is locked: unlock it in the extension first.', 'locked');
  }
}

/**
 * Holds the member's key: encrypted at rest in IndexedDB, decrypted only in the background, in
 * session storage while unlocked, and forgotten after the idle time or when the browser quits.
 */
export function createKeeper(deps: { db: UnionDb; session: SessionStore; now?: () => number; iterations?: number }) {
  const { db, session } = deps;
  const now = deps.now ?? Date.now;

  async function autoLockMinutes(): Promise<number> {
    return (await db.get('walletSettings', 'autoLockMinutes')) ?? DEFAULT_AUTO_LOCK_MINUTES;
  }

  /** The unlocked session if it is still within the idle time; an expired one is wiped. */
  async function activeSession(): Promise<UnlockedSession | null> {
    const unlocked = await session.get<UnlockedSession>(UNLOCKED_KEY);
    if (!unlocked) return null;
    if (now() - unlocked.lastActiveAt >= (await autoLockMinutes()) * 60_000) {
      await session.remove(UNLOCKED_KEY);
      return null;
    }
    return unlocked;
  }

  const ALREADY_STORED = 'A key is already stored: remove it before creating or importing another.';

  async function store(secret: VaultSecret, password: string): Promise<WalletStatus> {
    const reason = validateNewPassword(password);
    if (reason) throw new WalletError(reason);
    if (await db.get('vault', 'primary')) throw new WalletError(ALREADY_STORED);
    const record = await encryptVault(secret, password, { iterations: deps.iterations, now: now() });
    // Two wallet tabs may both have passed the check above: the one that writes first wins.
    await replaceVault(null, record, ALREADY_STORED);
    await session.set(UNLOCKED_KEY, { privateKey: privateKeyOf(secret), lastActiveAt: now() } satisfies UnlockedSession);
    return status();
  }

  /**
   * Writes `next` only if the stored vault is still `expected` (null: none), checked and written in
   * one IndexedDB transaction, which lands whole or not at all.
   */
  async function replaceVault(expected: VaultRecord | null, next: VaultRecord, refusal: string): Promise<void> {
    const tx = db.transaction('vault', 'readwrite');
    const committed = tx.done.then(() => true, () => false);
    let stale = false;
    try {
      const current = (await tx.store.get('primary')) ?? null;
      stale = current?.ciphertext !== expected?.ciphertext;
      if (stale) tx.abort();
      else await tx.store.put(next, 'primary');
    } catch {
      // Whatever failed, nothing of this transaction may land.
      try {
        tx.abort();
      } catch {
        // Already aborted.
      }
    }
    if (stale) throw new WalletError(refusal);
    if (!(await committed)) throw new WalletError('The vault could not be written: nothing was changed.');
  }

  /** How long until another password may be tried (0: now). */
  async function waitBeforeAttempt(): Promise<number> {
    const failures = (await db.get('walletSettings', 'failedUnlocks')) ?? 0;
    if (failures < FREE_PASSWORD_ATTEMPTS) return 0;
    const last = (await db.get('walletSettings', 'lastFailedUnlockAt')) ?? 0;
    const wait = Math.min(FIRST_WAIT_MS * 2 ** (failures - FREE_PASSWORD_ATTEMPTS), LONGEST_WAIT_MS);
    return Math.max(0, last + wait - now());
  }

  /**
   * Every password check: refused while a wait after wrong passwords runs, counted when wrong (in
   * IndexedDB, so restarting the browser does not reset it), reset when right.
   */
  async function openVault(password: string): Promise<{ record: VaultRecord; secret: VaultSecret }> {
    const record = await requireVault();
    const wait = await waitBeforeAttempt();
    if (wait > 0) throw new WalletError(`Too many wrong passwords: try again in ${Math.ceil(wait / 1000)} s.`);
    try {
      const secret = await decryptVault(record, password);
      await db.delete('walletSettings', 'failedUnlocks');
      return { record, secret };
    } catch (error) {
      if (error instanceof WrongPasswordError) {
        const tx = db.transaction('walletSettings', 'readwrite');
        await tx.store.put(((await tx.store.get('failedUnlocks')) ?? 0) + 1, 'failedUnlocks');
        await tx.store.put(now(), 'lastFailedUnlockAt');
        await tx.done;
      }
      throw error;
    }
  }

  /**
   * A vault written with fewer PBKDF2 iterations than new ones get (by an older version) is
   * re-encrypted under the same password once it opened, replacing the old record in one
   * transaction. If that cannot land, the old record still opens and the next unlock tries again.
   */
  async function strengthen(record: VaultRecord, secret: VaultSecret, password: string): Promise<void> {
    if (record.kdf.iterations >= (deps.iterations ?? DEFAULT_ITERATIONS)) return;
    const next = await encryptVault(secret, password, { iterations: deps.iterations, now: now() });
    // Whatever stops the write (another tab changed the vault, the database is closing), the
    // unlock itself succeeded and the old record still opens.
    await replaceVault(record, next, 'The key changed while it was being re-encrypted.').catch(() => undefined);
  }

  async function status(): Promise<WalletStatus> {
    const vault = await db.get('vault', 'primary');
    if (!vault) return { state: 'none' };
    const minutes = await autoLockMinutes();
    const unlocked = await activeSession();
    return unlocked
      ? { state: 'unlocked', address: vault.address, autoLockMinutes: minutes, locksAt: unlocked.lastActiveAt + minutes * 60_000 }
      : { state: 'locked', address: vault.address, autoLockMinutes: minutes };
  }

  async function requireVault() {
    const vault = await db.get('vault', 'primary');
    if (!vault) throw new WalletError('There is no key yet: create or import one first.');
    return vault;
  }

  return {
    status,

    /** A new phrase, kept in the session until the user proves they wrote it down. */
    async prepareCreate(): Promise<{ mnemonic: string; confirm: number[] }> {
      const mnemonic = createMnemonic();
      const confirm = wordsToConfirm(mnemonic, 3);
      await session.set(PENDING_CREATE_KEY, { mnemonic, confirm });
      return { mnemonic, confirm };
    },

    async confirmCreate(password: string, answers: string[]): Promise<WalletStatus> {
      const pending = await session.get<{ mnemonic: string; confirm: number[] }>(PENDING_CREATE_KEY);
      if (!pending) throw new WalletError('Start again: the new phrase was not kept (the browser restarted or it was already used).');
      const words = pending.mnemonic.split(' ');
      const wrong = pending.confirm.find((position, i) => (answers[i] ?? '').trim().toLowerCase() !== words[position]);
      if (wrong !== undefined) throw new WalletError(`Word #${wrong + 1} does not match the phrase: check what you wrote down.`);
      const result = await store({ kind: 'mnemonic', mnemonic: pending.mnemonic }, password);
      await session.remove(PENDING_CREATE_KEY);
      return result;
    },

    async importSecret(text: string, password: string): Promise<WalletStatus> {
      const parsed = parseSecretImport(text);
      if (!parsed.ok) throw new WalletError(parsed.reason);
      return store(parsed.secret, password);
    },

    async unlock(password: string): Promise<WalletStatus> {
      const { record, secret } = await openVault(password);
      await session.set(UNLOCKED_KEY, { privateKey: privateKeyOf(secret), lastActiveAt: now() } satisfies UnlockedSession);
      await strengthen(record, secret, password);
      return status();
    },

    async lock(): Promise<WalletStatus> {
      await session.remove(UNLOCKED_KEY);
      return status();
    },

    /** The signing account. Using it is not activity: a host page's request could use it every minute. */
    async account(): Promise<PrivateKeyAccount> {
      const unlocked = await activeSession();
      if (!unlocked) throw new LockedError();
      return privateKeyToAccount(unlocked.privateKey);
    },

    /** The member acted in an extension page (decided an approval, locked a draft): the idle time restarts. */
    async touch(): Promise<void> {
      const unlocked = await activeSession();
      if (unlocked) await session.set(UNLOCKED_KEY, { ...unlocked, lastActiveAt: now() } satisfies UnlockedSession);
    },

    /** The messaging key pair, derived from the unlocked account key. */
    async messagingKey(): Promise<{ privateKey: Hex; publicKey: Hex }> {
      const unlocked = await activeSession();
      if (!unlocked) throw new LockedError();
      return messagingKeyOf({ kind: 'privateKey', privateKey: unlocked.privateKey });
    },

    /** The address, locked or not (null without a key). */
    async address(): Promise<Address | null> {
      return (await db.get('vault', 'primary'))?.address ?? null;
    },

    /** The secret itself, for backup: the password is asked again even while unlocked. */
    async exportSecret(password: string): Promise<VaultSecret> {
      return (await openVault(password)).secret;
    },

    /**
     * Re-encrypts the key under a new password. The new record replaces the old in one IndexedDB
     * transaction: if anything stops the change, the old password still opens the vault.
     */
    async changePassword(oldPassword: string, newPassword: string): Promise<WalletStatus> {
      const reason = validateNewPassword(newPassword);
      if (reason) throw new WalletError(reason);
      const { record, secret } = await openVault(oldPassword);
      const next = await encryptVault(secret, newPassword, { iterations: deps.iterations, now: now() });
      await replaceVault(record, next, 'The key changed while the password was being changed (another wallet tab?): nothing was changed, try again.');
      return status();
    },

    async remove(password: string): Promise<WalletStatus> {
      await openVault(password);
      await db.delete('vault', 'primary');
      await session.remove(UNLOCKED_KEY);
      return status();
    },

    async setAutoLock(minutes: number): Promise<WalletStatus> {
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) throw new WalletError('Auto-lock is 1 to 1,440 minutes.');
      await db.put('walletSettings', minutes, 'autoLockMinutes');
      return status();
    },
  };
}

export type Keeper = ReturnType<typeof createKeeper>;
