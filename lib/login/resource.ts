import { getAddress, isAddress, type Address } from 'viem';

/**
 * The SIWE resource that names a union: `urn:network-union:<chainId>:<stakeLock>:<unionId>`. The
 * lock contract identifies the deployment (it knows its registry), so one URI says which union's
 * criterion the sign-in is about, and on which chain. Services put it in the message's resources;
 * the extension and the verifier read it back with `parseUnionResource`.
 */
export interface UnionResource {
  chainId: number;
  stakeLock: Address;
  unionId: number;
}

const PREFIX = 'urn:network-union:';
const PATTERN = /^urn:network-union:(\d{1,12}):(0x[0-9a-fA-F]{40}):(\d{1,12})$/;

export function unionResource({ chainId, stakeLock, unionId }: UnionResource): string {
  return `${PREFIX}${chainId}:${getAddress(stakeLock)}:${unionId}`;
}

/** The one union named among `resources`: undefined when none or more than one does. */
export function parseUnionResource(resources: readonly string[] | undefined): UnionResource | undefined {
  const found = (resources ?? []).filter((r) => r.startsWith(PREFIX));
  if (found.length !== 1) return undefined;
  const match = PATTERN.exec(found[0]!);
  if (!match || !isAddress(match[2]!)) return undefined;
  const chainId = Number(match[1]);
  const unionId = Number(match[3]);
  if (chainId < 1 || unionId < 1) return undefined;
  return { chainId, stakeLock: getAddress(match[2]!), unionId };
}
