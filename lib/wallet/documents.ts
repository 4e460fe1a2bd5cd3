import { bytesToHex, getAddress, isAddress, verifyMessage, verifyTypedData, type Address, type Hex, type LocalAccount } from 'viem';
import { documentTypedData } from './typed-data';

/**
 * A document signature travels as a small JSON file next to the document. It carries two
 * signatures of the same SHA-256: an EIP-191 personal message that any wallet or `cast` can check
 * by hand, and an EIP-712 message that also binds the title and the time.
 */
export interface SignatureFile {
  format: 'network-union-signature';
  version: 1;
  /** size is checked against the document but not signed: the SHA-256 already pins the bytes. */
  document: { sha256: Hex; title: string; size: number };
  signer: Address;
  /** Unix seconds. */
  time: number;
  personalSignature: Hex;
  typedSignature: Hex;
}

export type SignatureCheck = { ok: true; signer: Address; time: number; title: string } | { ok: false; reason: string };

export const MAX_TITLE_LENGTH = 200;

export function documentMessage(sha256: Hex): string {
  return `Network Union document signature\nSHA-256: ${sha256.toLowerCase()}`;
}

export async function sha256Of(bytes: Uint8Array): Promise<Hex> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes))));
}

/** `now` is Date.now(); the file records whole seconds. */
export async function signDocument(account: LocalAccount, bytes: Uint8Array, title: string, now: number): Promise<SignatureFile> {
  const cleanTitle = title.trim();
  const titleProblem = checkTitle(cleanTitle);
  if (titleProblem) throw new Error(titleProblem);
  const sha256 = await sha256Of(bytes);
  const time = Math.floor(now / 1000);
  return {
    format: 'network-union-signature',
    version: 1,
    document: { sha256, title: cleanTitle, size: bytes.length },
    signer: account.address,
    time,
    personalSignature: await account.signMessage({ message: documentMessage(sha256) }),
    typedSignature: await account.signTypedData(documentTypedData({ documentHash: sha256, title: cleanTitle, signer: account.address, time })),
  };
}

/** `file` is the signature file's JSON text, or that JSON already parsed. */
export async function verifySignatureFile(bytes: Uint8Array, file: unknown): Promise<SignatureCheck> {
  const parsed = parseSignatureFile(file);
  if (!parsed.ok) return parsed;
  const { document, signer, time, personalSignature, typedSignature } = parsed.file;

  const sha256 = await sha256Of(bytes);
  if (sha256 !== document.sha256.toLowerCase()) {
    return { ok: false, reason: `This signature is for another document (SHA-256 ${document.sha256}), not this one (SHA-256 ${sha256}).` };
  }
  if (document.size !== bytes.length) {
    return { ok: false, reason: `The signature file says the document has ${document.size} bytes, but it has ${bytes.length}: the file was edited.` };
  }
  const personalOk = await verifyMessage({ address: signer, message: documentMessage(sha256), signature: personalSignature }).catch(() => false);
  if (!personalOk) {
    return { ok: false, reason: `The personal signature was not made by ${signer}: the signer or the signature was changed.` };
  }
  const typedOk = await verifyTypedData({
    address: signer,
    ...documentTypedData({ documentHash: sha256, title: document.title, signer, time }),
    signature: typedSignature,
  }).catch(() => false);
  if (!typedOk) {
    return { ok: false, reason: `The typed signature does not match the title, time and signer in the file: one of them or the signature was changed.` };
  }
  return { ok: true, signer, time, title: document.title };
}

function parseSignatureFile(input: unknown): { ok: true; file: SignatureFile } | { ok: false; reason: string } {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, reason: 'This is not a signature file: it is not valid JSON.' };
    }
  }
  const fail = (what: string) => ({ ok: false as const, reason: `This is not a valid Network Union signature file: ${what}.` });
  if (!isObject(value) || value.format !== 'network-union-signature') return fail('the format field is missing or wrong');
  if (typeof value.version === 'number' && value.version > 1) {
    return { ok: false, reason: `This signature file has version ${value.version}, which this version of Network Union cannot read: update the extension.` };
  }
  if (value.version !== 1) return fail('the version is missing or wrong');
  const { document, signer, time, personalSignature, typedSignature } = value;
  if (!isObject(document)) return fail('the document field is missing');
  if (typeof document.sha256 !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(document.sha256)) return fail('document.sha256 is not 32 bytes of hex');
  if (typeof document.title !== 'string' || checkTitle(document.title)) return fail(`document.title must be 1 to ${MAX_TITLE_LENGTH} characters`);
  if (!isWholeNumber(document.size)) return fail('document.size is not a whole number of bytes');
  if (typeof signer !== 'string' || !isAddress(signer)) return fail('the signer is not an address');
  if (!isWholeNumber(time)) return fail('the time is not a whole number of seconds');
  if (!isSignature(personalSignature)) return fail('personalSignature is not 65 bytes of hex');
  if (!isSignature(typedSignature)) return fail('typedSignature is not 65 bytes of hex');
  return {
    ok: true,
    file: {
      format: 'network-union-signature',
      version: 1,
      document: { sha256: document.sha256 as Hex, title: document.title, size: document.size },
      signer: getAddress(signer),
      time,
      personalSignature,
      typedSignature,
    },
  };
}

function checkTitle(title: string): string | null {
  const length = [...title].length;
  if (length === 0 || length > MAX_TITLE_LENGTH) return `A document title is 1 to ${MAX_TITLE_LENGTH} characters (this one has ${length}).`;
  return null;
}

function isSignature(value: unknown): value is Hex {
  return typeof value === 'string' && /^0x[0-9a-fA-F]{130}$/.test(value);
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
