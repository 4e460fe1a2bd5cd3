import { getAddress, isAddress, isHex, type Address, type Hex, type PublicClient } from 'viem';
import { parseSiweMessage } from 'viem/siwe';
import { stakeLockAbi } from '../chain/generated/abi';
import { stakeStatus, type StakeStatus } from './criterion';
import type { NonceStore } from './nonces';
import { parseUnionResource } from './resource';

/**
 * Checks a "Sign in with Union" answer for a community service, in Node or anywhere viem runs:
 * the EIP-4361 message (its domain, URI, chain, times, nonce and union resource), the signature
 * (an EOA's, or a contract wallet's through the public client: ERC-1271 / ERC-6492), and at
 * verification time that the signer meets the union's login criterion (`StakeLock.statusOf`).
 * Every refusal says why.
 */
export interface LoginPolicy {
  /** The service's own origin, e.g. https://forum.example: the message's domain and URI must match it. */
  origin: string;
  chainId: number;
  stakeLock: Address;
  unionId: number;
  nonces: NonceStore;
  /** How old a message without an expiration time may be (default 10 minutes). */
  maxAgeMs?: number;
  /** Clock skew tolerated on issuedAt / notBefore (default 1 minute). */
  skewMs?: number;
  now?: () => Date;
}

export type LoginClient = Pick<PublicClient, 'verifyMessage' | 'readContract'>;

export type LoginRefusal =
  | 'malformed'
  | 'domain'
  | 'uri'
  | 'chain'
  | 'union'
  | 'not-yet-valid'
  | 'expired'
  | 'nonce'
  | 'signature'
  | 'not-invested'
  | 'unavailable';

export type LoginResult =
  | { ok: true; address: Address; unionId: number }
  | { ok: false; code: LoginRefusal; reason: string; status?: StakeStatus };

const refuse = (code: LoginRefusal, reason: string, status?: StakeStatus): LoginResult => ({ ok: false, code, reason, ...(status ? { status } : {}) });

const NOT_INVESTED: Record<Exclude<StakeStatus, 'invested'>, string> = {
  'no-criterion': "the union's leader has set no login criterion",
  'not-member': 'the signer is not a current member of the union',
  'no-lock': 'the signer has no lock for the union',
  expired: "the signer's lock has expired",
  'wrong-token': "the signer's lock holds a token the union no longer names",
  'too-little': 'the signer has too little locked',
  'too-short': "the signer's lock has too little time left",
};

export async function verifyLogin(client: LoginClient, policy: LoginPolicy, answer: { message: string; signature: string }): Promise<LoginResult> {
  const now = (policy.now ?? (() => new Date()))();
  const skew = policy.skewMs ?? 60_000;
  const origin = new URL(policy.origin);
  const { message, signature } = answer;
  if (typeof message !== 'string' || message.length > 4096 || typeof signature !== 'string' || !isHex(signature)) {
    return refuse('malformed', 'The sign-in answer is not a message and a hex signature.');
  }
  const siwe = parseSiweMessage(message);
  if (!siwe.address || !isAddress(siwe.address) || !siwe.domain || !siwe.uri || !siwe.nonce || siwe.version !== '1' || !siwe.chainId) {
    return refuse('malformed', 'The message is not a complete EIP-4361 (Sign-In with Ethereum) message.');
  }
  if (siwe.domain !== origin.host || (siwe.scheme !== undefined && `${siwe.scheme}:` !== origin.protocol)) {
    return refuse('domain', `The message is for ${siwe.domain}, not for ${origin.host}.`);
  }
  let uri: URL | undefined;
  try {
    uri = new URL(siwe.uri);
  } catch {
    uri = undefined;
  }
  if (!uri || uri.origin !== origin.origin) return refuse('uri', `The message's URI ${siwe.uri} is not on ${origin.origin}.`);
  if (siwe.chainId !== policy.chainId) return refuse('chain', `The message is for chain ${siwe.chainId}; this service uses chain ${policy.chainId}.`);
  const union = parseUnionResource(siwe.resources);
  if (!union || union.chainId !== policy.chainId || union.unionId !== policy.unionId || union.stakeLock !== getAddress(policy.stakeLock)) {
    return refuse('union', `The message does not name this service's union (#${policy.unionId}) in its resources.`);
  }
  if ((siwe.issuedAt && siwe.issuedAt.getTime() > now.getTime() + skew) || (siwe.notBefore && siwe.notBefore.getTime() > now.getTime() + skew)) {
    return refuse('not-yet-valid', 'The message is not valid yet (issued or valid from a time in the future).');
  }
  const maxAge = policy.maxAgeMs ?? 10 * 60_000;
  if (siwe.expirationTime ? siwe.expirationTime.getTime() <= now.getTime() : !siwe.issuedAt || siwe.issuedAt.getTime() < now.getTime() - maxAge) {
    return refuse('expired', 'The message has expired: sign in again.');
  }
  if (!policy.nonces.isOpen(siwe.nonce)) return refuse('nonce', 'The nonce was not issued by this service, has expired or was already used: sign in again.');

  const address = getAddress(siwe.address);
  let valid: boolean;
  try {
    valid = await client.verifyMessage({ address, message, signature: signature as Hex });
  } catch {
    valid = false;
  }
  if (!valid) return refuse('signature', `The signature is not ${address}'s signature of this message.`);
  // Single use: the first valid answer spends the nonce, whatever the criterion says next.
  if (!policy.nonces.consume(siwe.nonce)) return refuse('nonce', 'The nonce was already used: sign in again.');

  let status: StakeStatus;
  try {
    const code = await client.readContract({ address: policy.stakeLock, abi: stakeLockAbi, functionName: 'statusOf', args: [address, BigInt(policy.unionId)] });
    status = stakeStatus(Number(code));
  } catch {
    return refuse('unavailable', 'The chain could not be read to check the union’s criterion: try again.');
  }
  if (status !== 'invested') return refuse('not-invested', `Not invested in the union: ${NOT_INVESTED[status]}.`, status);
  return { ok: true, address, unionId: policy.unionId };
}
