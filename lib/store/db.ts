import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Address, Hex } from 'viem';
import type { ChainProfile } from '../chain/types';
import type { ChainConfig } from '../config';
import type { VaultRecord } from '../crypto/vault';
import type { RallyView } from '../features/rallies/protocol';

export interface CachedProfile {
  handle: string;
  profile: ChainProfile;
  fetchedAt: number;
}

/** A bio proof the extension saw on a profile: lets the same author's posts show the badge. */
export interface SeenBioProof {
  handle: string;
  address: Address;
  seenAt: number;
}

/** A union the member chose to follow (unions the wallet joined are followed without a record). */
export interface FollowRecord {
  unionId: number;
  followedAt: number;
}

/** A transaction sent and not yet seen mined: watched again after the worker restarts. */
export interface PendingTransaction {
  hash: Hex;
  summary: string;
  from: Address;
  chainId: number;
  sentAt: number;
  /** dropped: the node refused it when it was sent again (another transaction took its nonce). */
  status: 'pending' | 'mined' | 'reverted' | 'dropped';
  /** The signed transaction, to send again while it is pending. */
  raw?: Hex;
  /** Set for tips: the composer's id, so a repeated request never sends twice. */
  tipId?: string;
}

/** A rally (call to action) as the member's inbox keeps it: what pages see, and where it was found. */
export interface RallyRecord extends RallyView {
  block: number;
  /** When the extension showed a notification for it (ms), or null if it was summarised or old. */
  notifiedAt: number | null;
}

interface UnionDbSchema extends DBSchema {
  settings: { key: 'config'; value: ChainConfig };
  /** The idle time, and the wrong-password count and time that throttle unlocking. */
  walletSettings: { key: 'autoLockMinutes' | 'failedUnlocks' | 'lastFailedUnlockAt'; value: number };
  profiles: { key: string; value: CachedProfile };
  bioProofs: { key: string; value: SeenBioProof };
  vault: { key: 'primary'; value: VaultRecord };
  transactions: { key: Hex; value: PendingTransaction };
  rallies: { key: number; value: RallyRecord };
  /** Where the rally scan stopped: the last block read. */
  cursors: { key: 'rallies'; value: number };
  follows: { key: number; value: FollowRecord };
}

export const DB_NAME = 'network-union';
const DB_VERSION = 4;

export type UnionDb = IDBPDatabase<UnionDbSchema>;

export function openUnionDb(): Promise<UnionDb> {
  return openDB<UnionDbSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('settings');
        db.createObjectStore('profiles', { keyPath: 'handle' });
        db.createObjectStore('bioProofs', { keyPath: 'handle' });
      }
      if (oldVersion < 2) {
        db.createObjectStore('vault');
        db.createObjectStore('walletSettings');
        db.createObjectStore('transactions', { keyPath: 'hash' });
      }
      if (oldVersion < 3) {
        db.createObjectStore('rallies', { keyPath: 'rallyId' });
        db.createObjectStore('cursors');
      }
      if (oldVersion < 4) db.createObjectStore('follows', { keyPath: 'unionId' });
    },
  });
}

export async function getMany<S extends 'profiles' | 'bioProofs'>(
  db: UnionDb,
  store: S,
  keys: readonly string[],
): Promise<Map<string, UnionDbSchema[S]['value']>> {
  const tx = db.transaction(store, 'readonly');
  const values = await Promise.all(keys.map((key) => tx.store.get(key)));
  await tx.done;
  const found = new Map<string, UnionDbSchema[S]['value']>();
  values.forEach((value, i) => value && found.set(keys[i]!, value));
  return found;
}

export async function putProfiles(db: UnionDb, entries: readonly CachedProfile[]): Promise<void> {
  const tx = db.transaction('profiles', 'readwrite');
  await Promise.all([...entries.map((entry) => tx.store.put(entry)), tx.done]);
}
