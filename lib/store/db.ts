import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Address } from 'viem';
import type { ChainProfile } from '../chain/types';
import type { ChainConfig } from '../config';

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

interface UnionDbSchema extends DBSchema {
  settings: { key: 'config'; value: ChainConfig };
  profiles: { key: string; value: CachedProfile };
  bioProofs: { key: string; value: SeenBioProof };
}

export const DB_NAME = 'network-union';
const DB_VERSION = 1;

export type UnionDb = IDBPDatabase<UnionDbSchema>;

export function openUnionDb(): Promise<UnionDb> {
  return openDB<UnionDbSchema>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('settings');
      db.createObjectStore('profiles', { keyPath: 'handle' });
      db.createObjectStore('bioProofs', { keyPath: 'handle' });
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
