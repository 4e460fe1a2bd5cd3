/**
 * The one protocol between content scripts / extension pages and the background. Requests are
 * validated where they arrive; errors come back as values with a reason a person can read.
 * This module has no dependencies so that content scripts can import it.
 */
import type { Address, Hex } from 'viem';
import type { ChainStatus } from './chain/status';
import type { Role } from './chain/types';
import type { ChainConfig, ConfigErrors, ConfigInput } from './config';
import type { VaultSecret } from './crypto/vault';
import type { ProfileView } from './identity/verify';
import type { PendingTransaction, RallyRecord } from './store/db';
import type { ApprovalRequest } from './wallet/approvals';
import type { SignatureCheck, SignatureFile } from './wallet/documents';
import type { WalletStatus } from './wallet/keeper';
import type { OpenFailure } from './crypto/envelope';
import type { SerializedTree } from './union/tree';

/** Most handles a content script may ask about at once; a timeline screen shows far fewer. */
export const MAX_HANDLES_PER_REQUEST = 200;
/** Longest bio text accepted; X's own limit is 160 characters. */
export const MAX_BIO_CHARS = 2_000;

export type Request =
  /** Posts and profiles seen on a host page. `profile` carries the visited profile's bio, if shown. */
  | { type: 'resolve'; handles: string[]; profile?: { handle: string; bio: string } }
  /** From a host page: ask to vouch for the visited profile (always through the approval window). */
  | { type: 'requestVouch'; handle: string }
  /** From a host page: what the tip composer may offer for this member. */
  | { type: 'tipOptions'; handle: string }
  /** From a host page: tip a verified member (through the approval window). `tipId` makes it idempotent. */
  | { type: 'tip'; handle: string; amount: string; currency: TipCurrency; note: string; url: string; tipId: string }
  /** From a host page: open the wallet page (to unlock). */
  | { type: 'openWallet' }
  /** From a host page: whether a DM to this peer can be locked; `reason` says why not. */
  | { type: 'lockStatus'; peerHandle: string }
  /** From a host page: encrypt a draft for a verified member (and for oneself). */
  | { type: 'sealForPeer'; peerHandle: string; plaintext: string }
  /** From a host page: encrypt a post for members chosen in the approval window (and for oneself). */
  | { type: 'lockPost'; plaintext: string }
  /** From a host page: decrypt armoured text; `authors` are the handles that may have written it. */
  | { type: 'openArmour'; armour: string; authors: string[] }
  | { type: 'walletTips' }
  | { type: 'status' }
  | { type: 'getConfig' }
  | { type: 'setConfig'; config: ConfigInput }
  | { type: 'resetConfig' }
  | { type: 'walletStatus' }
  | { type: 'walletPrepareCreate' }
  | { type: 'walletConfirmCreate'; password: string; answers: string[] }
  | { type: 'walletImport'; secret: string; password: string }
  | { type: 'walletUnlock'; password: string }
  | { type: 'walletLock' }
  | { type: 'walletExport'; password: string }
  | { type: 'walletRemove'; password: string }
  | { type: 'walletSetAutoLock'; minutes: number }
  | { type: 'walletOverview' }
  | { type: 'listUnions' }
  | { type: 'findMember'; unionId: number; query: string }
  | { type: 'acceptBylaws'; unionId: number }
  | { type: 'joinUnion'; unionId: number; sponsor: string; inviteCode: string }
  | { type: 'claimHandle'; handle: string }
  | { type: 'publishMessagingKey' }
  | { type: 'checkProof'; handle: string }
  | { type: 'createInvite'; unionId: number; days: number }
  | { type: 'vouch'; unionId: number; member: string; handle: string }
  | { type: 'signDocument'; title: string; base64: string }
  | { type: 'verifyDocument'; base64: string; signatureFile: string }
  | { type: 'rallyInbox' }
  | { type: 'checkRallies' }
  | { type: 'getRally'; rallyId: number }
  | { type: 'answerRally'; rallyId: number }
  | { type: 'dismissRally'; rallyId: number }
  | { type: 'postRally'; unionId: number; text: string; uri: string; hours: number }
  | { type: 'pastRallies'; unionId: number }
  | { type: 'unionTree'; unionId: number }
  | { type: 'setOfficer'; unionId: number; member: string; title: string }
  | { type: 'removeOfficer'; unionId: number; member: string }
  | { type: 'approvalGet'; id: string }
  /** `chosen`: the members picked in a 'recipients' approval; [] otherwise. */
  | { type: 'approvalDecide'; id: string; approve: boolean; chosen: string[] };

export interface TransactionResult {
  hash: Hex;
  summary: string;
}

export type TipCurrency = 'eth' | 'token';

export interface TipRecord {
  from: Address;
  to: Address;
  /** e.g. "0.01 ETH" or "5 UNION" */
  amount: string;
  context: Hex;
  hash: Hex;
  blockNumber: number;
}

export interface MembershipSummary {
  unionId: number;
  unionName: string;
  role: Role;
  officerTitle: string;
  sponsor: Address | null;
  supportBase: number;
  directSupporters: number;
}

export interface WaitingVouch {
  unionId: number;
  member: Address;
  handle: string;
  /** Whether the extension saw the member's bio proof on their profile. */
  proofSeen: boolean;
}

export interface UnionListing {
  id: number;
  name: string;
  purpose: string;
  leader: Address;
  size: number;
  bylawsHash: Hex;
  inviteOnly: boolean;
}

export interface ResponseMap {
  resolve: { profiles: Record<string, ProfileView> };
  requestVouch: TransactionResult;
  tipOptions: { wallet: WalletStatus['state']; currencies: { id: TipCurrency; symbol: string }[] };
  tip: TransactionResult;
  openWallet: { opened: true };
  lockStatus: { reason: string | null };
  sealForPeer: { armour: string };
  lockPost: { armour: string; recipients: string[] };
  openArmour:
    | { opened: true; plaintext: string; sender: { handle: string; address: Address; self: boolean } | null }
    | { opened: false; reason: OpenFailure | 'locked'; message: string };
  walletTips: { sent: TipRecord[]; received: TipRecord[] };
  status: ChainStatus & { config: ChainConfig };
  getConfig: { config: ChainConfig; isDefault: boolean };
  setConfig: { config: ChainConfig };
  resetConfig: { config: ChainConfig };
  walletStatus: WalletStatus;
  walletPrepareCreate: { mnemonic: string; confirm: number[] };
  walletConfirmCreate: WalletStatus;
  walletImport: WalletStatus;
  walletUnlock: WalletStatus;
  walletLock: WalletStatus;
  walletExport: { secret: VaultSecret };
  walletRemove: WalletStatus;
  walletSetAutoLock: WalletStatus;
  walletOverview: {
    address: Address;
    balance: string;
    /** Balances of the tokens of the member's unions, e.g. "120 UNION". */
    tokenBalances: string[];
    claims: string[];
    memberships: MembershipSummary[];
    messagingKeyPublished: boolean;
    waitingVouches: WaitingVouch[];
    transactions: PendingTransaction[];
  };
  listUnions: { unions: UnionListing[] };
  findMember: { address: Address; handle: string; role: Role };
  acceptBylaws: { bylawsHash: Hex; signature: Hex; time: number };
  joinUnion: TransactionResult;
  claimHandle: TransactionResult & { proof: string };
  publishMessagingKey: TransactionResult;
  checkProof: { seen: boolean; proof: string };
  createInvite: { code: string; expiresAt: number };
  vouch: TransactionResult;
  signDocument: { file: SignatureFile };
  verifyDocument: SignatureCheck & { membership?: MembershipSummary; handle?: string };
  rallyInbox: { rallies: RallyRecord[]; unread: number };
  checkRallies: { found: number };
  getRally: { rally: RallyRecord | null; answers: number; answered: boolean };
  answerRally: TransactionResult;
  dismissRally: { unread: number };
  postRally: TransactionResult;
  pastRallies: { rallies: { rallyId: number; text: string; uri: string; deadline: number; postedAt: number; answers: number }[] };
  unionTree: { tree: SerializedTree; unionName: string };
  setOfficer: TransactionResult;
  removeOfficer: TransactionResult;
  approvalGet: { request: ApprovalRequest | null };
  approvalDecide: { decided: boolean };
}

export type RequestType = Request['type'];
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;
export type Result<T> = { ok: true; value: T } | { ok: false; error: string; fieldErrors?: ConfigErrors; locked?: boolean };

/** Requests a host page's content script may make; everything else needs an extension page. */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<RequestType> = new Set([
  'resolve', 'requestVouch', 'tipOptions', 'tip', 'openWallet', 'lockStatus', 'sealForPeer', 'lockPost', 'openArmour',
]);

type FieldKind = 'string' | 'secret' | 'int' | 'boolean' | 'strings' | 'base64' | 'currency' | 'armour';
const MAX_TEXT = 10_000;
/** A document of up to 10 MB travels as base64. */
const MAX_BASE64 = 14_000_000;

/** The fields of each request that carries data; requests without an entry carry none. */
const FIELDS: Partial<Record<RequestType, Record<string, FieldKind>>> = {
  requestVouch: { handle: 'string' },
  tipOptions: { handle: 'string' },
  lockStatus: { peerHandle: 'string' },
  sealForPeer: { peerHandle: 'string', plaintext: 'string' },
  lockPost: { plaintext: 'string' },
  openArmour: { armour: 'armour', authors: 'strings' },
  tip: { handle: 'string', amount: 'secret', currency: 'currency', note: 'secret', url: 'secret', tipId: 'secret' },
  walletConfirmCreate: { password: 'secret', answers: 'strings' },
  walletImport: { secret: 'secret', password: 'secret' },
  walletUnlock: { password: 'secret' },
  walletExport: { password: 'secret' },
  walletRemove: { password: 'secret' },
  walletSetAutoLock: { minutes: 'int' },
  findMember: { unionId: 'int', query: 'string' },
  acceptBylaws: { unionId: 'int' },
  joinUnion: { unionId: 'int', sponsor: 'string', inviteCode: 'string' },
  claimHandle: { handle: 'string' },
  checkProof: { handle: 'string' },
  createInvite: { unionId: 'int', days: 'int' },
  vouch: { unionId: 'int', member: 'string', handle: 'string' },
  signDocument: { title: 'string', base64: 'base64' },
  verifyDocument: { base64: 'base64', signatureFile: 'string' },
  getRally: { rallyId: 'int' },
  answerRally: { rallyId: 'int' },
  dismissRally: { rallyId: 'int' },
  postRally: { unionId: 'int', text: 'string', uri: 'string', hours: 'int' },
  pastRallies: { unionId: 'int' },
  unionTree: { unionId: 'int' },
  setOfficer: { unionId: 'int', member: 'string', title: 'string' },
  removeOfficer: { unionId: 'int', member: 'string' },
  approvalGet: { id: 'string' },
  approvalDecide: { id: 'string', approve: 'boolean', chosen: 'strings' },
};

const NO_FIELDS = new Set<RequestType>([
  'status', 'getConfig', 'resetConfig', 'walletStatus', 'walletPrepareCreate', 'walletLock', 'walletOverview',
  'listUnions', 'publishMessagingKey', 'openWallet', 'walletTips', 'rallyInbox', 'checkRallies',
]);

function checkField(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string' && value.length <= MAX_TEXT;
    case 'secret':
      return typeof value === 'string' && value.length <= 1_000;
    case 'int':
      return Number.isSafeInteger(value) && (value as number) >= 0;
    case 'boolean':
      return typeof value === 'boolean';
    case 'strings':
      return Array.isArray(value) && value.length <= 24 && value.every((v) => typeof v === 'string' && v.length <= 100);
    case 'armour':
      // The envelope refuses anything longer itself; this only bounds what crosses the boundary.
      return typeof value === 'string' && value.length <= 20_000;
    case 'currency':
      return value === 'eth' || value === 'token';
    case 'base64':
      return typeof value === 'string' && value.length <= MAX_BASE64 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
  }
}

/** Checks an incoming message's shape; returns a reason when it is not a valid request. */
export function parseRequest(message: unknown): { request: Request } | { error: string } {
  if (typeof message !== 'object' || message === null) return { error: 'A request is an object with a type.' };
  const m = message as Record<string, unknown>;
  const type = m.type as RequestType;
  if (type === 'resolve') {
    const { handles, profile } = m;
    if (!Array.isArray(handles) || handles.length > MAX_HANDLES_PER_REQUEST || !handles.every(isShortString)) {
      return { error: `resolve needs up to ${MAX_HANDLES_PER_REQUEST} handles.` };
    }
    if (profile !== undefined) {
      const p = profile as Record<string, unknown>;
      if (typeof p !== 'object' || p === null || !isShortString(p.handle) || typeof p.bio !== 'string') {
        return { error: 'resolve.profile needs a handle and a bio.' };
      }
      return { request: { type, handles, profile: { handle: p.handle, bio: p.bio.slice(0, MAX_BIO_CHARS) } } };
    }
    return { request: { type, handles } };
  }
  if (type === 'setConfig') {
    if (typeof m.config !== 'object' || m.config === null) return { error: 'setConfig needs a config object.' };
    return { request: { type, config: m.config as ConfigInput } };
  }
  if (NO_FIELDS.has(type)) return { request: { type } as Request };
  const fields = typeof type === 'string' ? FIELDS[type] : undefined;
  if (!fields) return { error: `Unknown request type: ${String(m.type).slice(0, 40)}.` };
  const request: Record<string, unknown> = { type };
  for (const [name, kind] of Object.entries(fields)) {
    if (!checkField(kind, m[name])) return { error: `${type}.${name} is missing or not valid.` };
    request[name] = m[name];
  }
  return { request: request as Request };
}

function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 100;
}

/** Sends a typed request through the given transport (e.g. browser.runtime.sendMessage). */
export async function sendRequest<T extends RequestType>(
  send: (message: unknown) => Promise<unknown>,
  request: RequestOf<T>,
): Promise<Result<ResponseMap[T]>> {
  try {
    const response = (await send(request)) as Result<ResponseMap[T]> | undefined;
    return response ?? { ok: false, error: 'The extension background did not answer.' };
  } catch (error) {
    return { ok: false, error: `The extension background is not reachable: ${error instanceof Error ? error.message : String(error)}` };
  }
}
