import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { expect } from 'vitest';
import { parseEther, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { DEFAULT_CONFIG } from '@/lib/config';
import type { RequestType, ResponseOf } from '@/lib/protocol';
import { createUnionService, EXTENSION_CALLER, type ServiceOptions, type UnionService } from '@/lib/service';
import { openUnionDb, type UnionDb } from '@/lib/store/db';
import type { ApprovalRequest } from '@/lib/wallet/approvals';
import type { Deployment } from '@/scripts/deploy';

export const PASSWORD = 'correct horse battery';

export type Decision = 'approve' | 'reject' | 'manual' | 'lock-then-approve';

/** The background of one browser profile, driven as its pages and content scripts would. */
export interface TestBackground {
  service: UnionService;
  db: UnionDb;
  /** Approval requests in the order their windows opened, as the window read them. */
  approvals: ApprovalRequest[];
  decision: Decision;
  /** Whom the approval window picks when a post is locked (ids it was offered). */
  chosen: string[];
  /** Called when a Lock opens its composer window, with the draft's id. */
  onCompose?: (id: string) => void;
  address: Address;
  /** Sends a message as an extension page (or a content script on the page of origin `fromPage`). */
  ask<T extends RequestType>(message: { type: T } & Record<string, unknown>, fromPage?: string): Promise<{ ok: true; value: ResponseOf<T> } | { ok: false; error: string; locked?: boolean }>;
  /** Same, but the value or a thrown error. */
  value<T extends RequestType>(message: { type: T } & Record<string, unknown>, fromPage?: string): Promise<ResponseOf<T>>;
}

export interface ChainUnderTest {
  rpcUrl: string;
  deployment: Deployment;
  setBalance(args: { address: Address; value: bigint }): Promise<unknown>;
}

/**
 * A background with its own fake IndexedDB and in-memory session (the browser's parts), pointed at
 * the test chain, with a key imported, and an approval "window" that decides as `decision` says.
 */
export async function newBackground(
  chain: ChainUnderTest,
  options: { privateKey?: Hex; fund?: boolean; notifier?: ServiceOptions['notifier']; fetchFn?: typeof fetch; now?: () => number } = {},
): Promise<TestBackground> {
  globalThis.indexedDB = new IDBFactory();
  const db = await openUnionDb();
  const session = new Map<string, unknown>();
  const background = { db, approvals: [] as ApprovalRequest[], decision: 'approve' as Decision, chosen: [] as string[] } as TestBackground;
  const service = createUnionService({
    db,
    vaultIterations: 1_000,
    // These tests play a member acting many times a minute in one tab; the limit has its own tests.
    pageWindowLimit: 1_000,
    openWalletPage: async () => undefined,
    notifier: options.notifier,
    fetchFn: options.fetchFn,
    now: options.now,
    session: {
      get: async <T,>(key: string) => session.get(key) as T | undefined,
      set: async (key: string, value: unknown) => void session.set(key, value),
      remove: async (key: string) => void session.delete(key),
    },
    composeWindows: { open: async (id) => background.onCompose?.(id) },
    windows: {
      open: async (id) => {
        const request = service.approvals.get(id);
        if (request) background.approvals.push(request);
        const decision = background.decision;
        if (decision === 'manual') return;
        queueMicrotask(async () => {
          if (decision === 'lock-then-approve') await service.handle({ type: 'walletLock' }, EXTENSION_CALLER);
          await service.handle({ type: 'approvalDecide', id, approve: decision !== 'reject' }, EXTENSION_CALLER);
        });
      },
    },
  });
  background.service = service;
  background.ask = ((message: unknown, fromPage?: string) =>
    service.handle(message, fromPage ? { kind: 'content', origin: fromPage, tabId: 1, frameId: 0 } : EXTENSION_CALLER)) as TestBackground['ask'];
  background.value = (async (message: unknown, fromPage?: string) => {
    const result = await background.ask(message as never, fromPage);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  }) as TestBackground['value'];
  const { deployment } = chain;
  const config = { ...DEFAULT_CONFIG, rpcUrl: chain.rpcUrl, registry: deployment.registry, tips: deployment.tips, lens: deployment.lens, stakeLock: deployment.stakeLock, unionId: deployment.unionId };
  expect(await background.ask({ type: 'setConfig', config })).toMatchObject({ ok: true });

  const privateKey = options.privateKey ?? generatePrivateKey();
  background.address = privateKeyToAccount(privateKey).address;
  expect(await background.value({ type: 'walletImport', secret: privateKey, password: PASSWORD })).toMatchObject({ state: 'unlocked', address: background.address });
  if (options.fund ?? !options.privateKey) await chain.setBalance({ address: background.address, value: parseEther('10') });
  return background;
}

/** The value an approval window shows under `label`. */
export const field = (request: ApprovalRequest | undefined, label: string) => request?.fields.find((f) => f.label === label)?.value;
