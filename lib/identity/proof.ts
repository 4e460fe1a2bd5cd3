import { getAddress, isAddress, type Address } from 'viem';

/**
 * The bio proof: `NetworkUnion:0x…` with the checksummed address, 55 characters, which leaves
 * 105 of X's 160 for the rest of the bio. Only the profile's owner can edit the bio, so the proof
 * says "this profile's owner names this address".
 */
export const PROOF_PREFIX = 'NetworkUnion:';

/** Longest bio text the parser reads; X allows 160 characters, so anything past this is hostile. */
export const MAX_BIO_LENGTH = 2_000;

const PROOF_PATTERN = /(?:^|[^0-9A-Za-z])networkunion:\s?(0x[0-9a-fA-F]{40})(?![0-9A-Za-z])/gi;

export function formatProof(address: Address): string {
  return `${PROOF_PREFIX}${getAddress(address)}`;
}

export type ProofParse =
  | { status: 'found'; address: Address }
  | { status: 'none' }
  | { status: 'invalid'; reason: string };

/**
 * Finds the proof in a bio, tolerant of the text around it and strict about the address: it must
 * carry a valid EIP-55 checksum, so a typo or a lower-cased copy is refused, never guessed.
 * Two proofs that name different addresses are refused as ambiguous.
 */
export function parseProof(bio: string): ProofParse {
  const text = bio.slice(0, MAX_BIO_LENGTH).normalize('NFKC');
  const found = new Set<string>();
  let invalid = false;
  for (const match of text.matchAll(PROOF_PATTERN)) {
    const candidate = match[1]!;
    // Exactly the EIP-55 form: a lower-cased copy differs from it, unless the checksum itself is
    // all lower case (about one address in 4,000), which is then the exact copy.
    const isChecksummed = isAddress(candidate, { strict: false }) && getAddress(candidate) === candidate;
    if (isChecksummed) found.add(candidate);
    else invalid = true;
  }
  if (found.size > 1) return { status: 'invalid', reason: 'The bio names more than one address.' };
  const [address] = found as Set<Address>;
  if (address) return { status: 'found', address };
  if (invalid) return { status: 'invalid', reason: 'The proof address is not checksummed (EIP-55): copy it exactly.' };
  return { status: 'none' };
}
