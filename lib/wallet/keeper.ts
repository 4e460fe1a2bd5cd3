import type { Address, Hex } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { decryptVault, encryptVault, validateNewPassword, type VaultSecret } from '../crypto/vault';
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

  async function store(secret: VaultSecret, password: string): Promise<WalletStatus> {
    const reason = validateNewPassword(password);
    if (reason) throw new WalletError(reason);
    if (await db.get('vault', 'primary')) throw new WalletError('A key is already stored: remove it before creating or importing another.');
    await db.put('vault', await encryptVault(secret, password, { iterations: deps.iterations, now: now() }), 'primary');
    await session.set(UNLOCKED_KEY, { privateKey: privateKeyOf(secret), lastActiveAt: now() } satisfies UnlockedSession);
    return status();
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
      const secret = await decryptVault(await requireVault(), password);
      await session.set(UNLOCKED_KEY, { privateKey: privateKeyOf(secret), lastActiveAt: now() } satisfies UnlockedSession);
      return status();
    },

    async lock(): Promise<WalletStatus> {
      await session.remove(UNLOCKED_KEY);
      return status();
    },

    /** The signing account; each use counts as activity and restarts the idle time. */
    async account(): Promise<PrivateKeyAccount> {
      const unlocked = await activeSession();
      if (!unlocked) throw new LockedError();
      await session.set(UNLOCKED_KEY, { ...unlocked, lastActiveAt: now() } satisfies UnlockedSession);
      return privateKeyToAccount(unlocked.privateKey);
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
      return decryptVault(await requireVault(), password);
    },

    async remove(password: string): Promise<WalletStatus> {
      await decryptVault(await requireVault(), password);
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
