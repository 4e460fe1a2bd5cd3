import { sha256 } from '@noble/hashes/sha2';
import { bytesToBigInt, bytesToHex, getAddress, hexToBytes, isAddress, numberToHex, zeroAddress, type Address, type Hex, type TypedDataDefinition } from 'viem';

/**
 * The EIP-712 messages the extension signs. Times are Unix seconds, as block.timestamp counts them.
 */

/** Documents and bylaws: no chain id, so a signature stays valid whichever chain the union uses. */
export const DOCUMENT_DOMAIN = { name: 'NetworkUnion', version: '1' } as const;

export const INVITE_TYPES = {
  Invite: [
    { name: 'unionId', type: 'uint256' },
    { name: 'sponsor', type: 'address' },
    { name: 'invitee', type: 'address' },
    { name: 'nonce', type: 'bytes32' },
    { name: 'expiry', type: 'uint64' },
  ],
} as const;

export const BYLAWS_ACCEPTANCE_TYPES = {
  BylawsAcceptance: [
    { name: 'unionId', type: 'uint256' },
    { name: 'bylawsHash', type: 'bytes32' },
    { name: 'member', type: 'address' },
    { name: 'time', type: 'uint64' },
  ],
} as const;

export const DOCUMENT_TYPES = {
  Document: [
    { name: 'documentHash', type: 'bytes32' },
    { name: 'title', type: 'string' },
    { name: 'signer', type: 'address' },
    { name: 'time', type: 'uint64' },
  ],
} as const;

/**
 * A sponsor's signed offer to bring one address into a union; the registry checks it on-chain
 * and admits only the invitee, so a code seen by others (or a pending join seen in the mempool)
 * is useless to them.
 */
export interface Invite {
  unionId: bigint;
  sponsor: Address;
  invitee: Address;
  /** Random, so each invite can be redeemed once. */
  nonce: Hex;
  /** Unix seconds after which the registry refuses the invite. */
  expiry: bigint;
}

export const MESSAGING_KEY_TYPES = { MessagingKey: [{ name: 'account', type: 'address' }] } as const;

/**
 * What a messaging key signs to be published by `account`: proof that the account holds the key,
 * so nobody can publish another member's key as theirs. Bound to one chain and registry.
 */
export function messagingKeyProofTypedData(account: Address, chainId: number, registry: Address): TypedDataDefinition<typeof MESSAGING_KEY_TYPES, 'MessagingKey'> {
  return {
    domain: { ...DOCUMENT_DOMAIN, chainId, verifyingContract: registry },
    types: MESSAGING_KEY_TYPES,
    primaryType: 'MessagingKey',
    message: { account },
  };
}

/** Bound to one chain and registry: an invite must not be replayable on another deployment. */
export function inviteTypedData(invite: Invite, chainId: number, registry: Address): TypedDataDefinition<typeof INVITE_TYPES, 'Invite'> {
  return {
    domain: { ...DOCUMENT_DOMAIN, chainId, verifyingContract: registry },
    types: INVITE_TYPES,
    primaryType: 'Invite',
    message: invite,
  };
}

export function bylawsAcceptanceTypedData(acceptance: {
  unionId: bigint;
  bylawsHash: Hex;
  member: Address;
  time: number;
}): TypedDataDefinition<typeof BYLAWS_ACCEPTANCE_TYPES, 'BylawsAcceptance'> {
  return {
    domain: DOCUMENT_DOMAIN,
    types: BYLAWS_ACCEPTANCE_TYPES,
    primaryType: 'BylawsAcceptance',
    message: { ...acceptance, time: BigInt(acceptance.time) },
  };
}

export function documentTypedData(document: {
  documentHash: Hex;
  title: string;
  signer: Address;
  time: number;
}): TypedDataDefinition<typeof DOCUMENT_TYPES, 'Document'> {
  return {
    domain: DOCUMENT_DOMAIN,
    types: DOCUMENT_TYPES,
    primaryType: 'Document',
    message: { ...document, time: BigInt(document.time) },
  };
}

// ---------------------------------------------------------------- invite codes

/**
 * An invite code is `nu-invite2:` and base64url of the bytes
 *   [unionId length: 1][unionId: big-endian, minimal][sponsor: 20][invitee: 20][nonce: 32][expiry: 8][signature: 65][checksum: 4]
 * where the checksum is the first 4 bytes of SHA-256 over everything before it. The checksum
 * catches a code garbled in a chat before the registry does, with a clearer message.
 */
export const INVITE_CODE_PREFIX = 'nu-invite2:';

const CODE_VERSION_PATTERN = /^nu-invite(\d+):/i;
const FIXED_BYTES = 20 + 20 + 32 + 8 + 65;
const CHECKSUM_BYTES = 4;
const MAX_UINT64 = 2n ** 64n - 1n;
const MAX_UINT256 = 2n ** 256n - 1n;

export type InviteCodeParse = { ok: true; invite: Invite; signature: Hex } | { ok: false; reason: string };

export function encodeInviteCode(invite: Invite, signature: Hex): string {
  const problem = inviteProblem(invite, signature);
  if (problem) throw new Error(`Cannot encode this invite: ${problem}`);
  const unionId = hexToBytes(numberToHex(invite.unionId));
  const body = concat([
    Uint8Array.of(unionId.length),
    unionId,
    hexToBytes(invite.sponsor),
    hexToBytes(invite.invitee),
    hexToBytes(invite.nonce),
    hexToBytes(numberToHex(invite.expiry, { size: 8 })),
    hexToBytes(signature),
  ]);
  return INVITE_CODE_PREFIX + toBase64Url(concat([body, checksum(body)]));
}

/** Accepts the code alone or inside a link (after its #), with any surrounding whitespace. */
export function decodeInviteCode(text: string): InviteCodeParse {
  const trimmed = text.trim();
  const code = /^https?:\/\//i.test(trimmed) ? trimmed.slice(trimmed.indexOf('#') + 1) : trimmed;
  const version = CODE_VERSION_PATTERN.exec(code);
  if (!version) return { ok: false, reason: `This is not a Network Union invite code: a code starts with ${INVITE_CODE_PREFIX}` };
  if (version[1] === '1') {
    return { ok: false, reason: 'This invite code is of an older kind that anyone holding it could use: ask your sponsor for a new one, made for your address.' };
  }
  if (version[0].toLowerCase() !== INVITE_CODE_PREFIX) {
    return { ok: false, reason: `This invite code has version ${version[1]}, which this version of Network Union cannot read: update the extension.` };
  }
  const encoded = code.slice(version[0].length);
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return { ok: false, reason: 'The invite code contains characters that cannot be in it: copy it again exactly.' };
  const bytes = fromBase64Url(encoded);
  if (!bytes) return { ok: false, reason: 'The invite code is incomplete or damaged: copy it again, whole.' };

  const idLength = bytes[0] ?? 0;
  const expected = 1 + idLength + FIXED_BYTES + CHECKSUM_BYTES;
  if (idLength < 1 || idLength > 32 || bytes.length !== expected) {
    return { ok: false, reason: 'The invite code is incomplete or has extra characters: copy it again, whole.' };
  }
  const body = bytes.subarray(0, expected - CHECKSUM_BYTES);
  if (!equalBytes(checksum(body), bytes.subarray(expected - CHECKSUM_BYTES))) {
    return { ok: false, reason: 'The invite code is damaged (its checksum does not match): copy it again exactly.' };
  }
  let offset = 1;
  const take = (length: number) => body.subarray(offset, (offset += length));
  const invite: Invite = {
    unionId: bytesToBigInt(take(idLength)),
    sponsor: getAddress(bytesToHex(take(20))),
    invitee: getAddress(bytesToHex(take(20))),
    nonce: bytesToHex(take(32)),
    expiry: bytesToBigInt(take(8)),
  };
  const signature = bytesToHex(take(65));
  // The checksum passed, so a problem here means the code was made wrongly, not garbled.
  const problem = idLength > 1 && body[1] === 0 ? 'the union id is not minimally encoded.' : inviteProblem(invite, signature);
  if (problem) return { ok: false, reason: `The invite code is invalid: ${problem}` };
  return { ok: true, invite, signature };
}

function inviteProblem(invite: Invite, signature: Hex): string | null {
  if (invite.unionId < 1n || invite.unionId > MAX_UINT256) return 'the union id must be a uint256 of at least 1.';
  if (!isAddress(invite.sponsor, { strict: false }) || invite.sponsor.toLowerCase() === zeroAddress) return 'the sponsor is not a nonzero address.';
  if (!isAddress(invite.invitee, { strict: false }) || invite.invitee.toLowerCase() === zeroAddress) return 'the invitee is not a nonzero address.';
  if (!/^0x[0-9a-fA-F]{64}$/.test(invite.nonce)) return 'the nonce must be 32 bytes of hex.';
  if (invite.expiry < 1n || invite.expiry > MAX_UINT64) return 'the expiry must be a uint64 of at least 1 (Unix seconds).';
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) return 'the signature must be 65 bytes of hex.';
  const v = Number.parseInt(signature.slice(-2), 16);
  if (v !== 27 && v !== 28) return `the signature's v byte is ${v}, not 27 or 28.`;
  return null;
}

function checksum(body: Uint8Array): Uint8Array {
  return sha256(body).subarray(0, CHECKSUM_BYTES);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Strict: only the canonical unpadded encoding of some bytes is accepted; `text` holds base64url characters only. */
function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return toBase64Url(bytes) === text ? bytes : null;
}
