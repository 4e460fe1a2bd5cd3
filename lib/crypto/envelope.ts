import { secp256k1 } from '@noble/curves/secp256k1';
import { mapHashToField } from '@noble/curves/abstract/modular';
import { bytesToNumberBE } from '@noble/curves/abstract/utils';
import { expand, extract, hkdf } from '@noble/hashes/hkdf';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, concatBytes, getAddress, hexToBytes, type Address, type Hex, type LocalAccount } from 'viem';
import { decompress } from './curve';
import { ephemeralShares, sharedXs } from './ecdh';
import { equalBytes, keyId, KEY_ID_BYTES, parsePublicKey, readerKeyId, recoverSigner, uniqueKeys } from './envelope-keys';
import { decodeArmour, decodedLength, encodeArmour, encodedLength, ENCODING_SEPARATORS, isArmourChar, type ArmourEncoding } from './armour';
import type { MessageChannel } from '../sites/profile';

/**
 * Envelopes: encrypted messages that travel as one line of text in X posts and DMs.
 *
 * Encryption. Each message gets a random 32-byte content key; the UTF-8 plaintext is encrypted
 * with AES-256-GCM under it, with a random 12-byte IV and the envelope header as additional data.
 * Each recipient (always including the sender, so it can read its own sent messages) gets the
 * content key wrapped with AES-256-GCM under a key of its own: one ephemeral secp256k1 key per
 * message, ECDH (x coordinate; ecdh.ts) with the recipient's messaging public key, then HKDF-SHA256 with
 * salt = the ephemeral public key and info = "network-union/envelope/v1" ‖ the recipient's key id
 * (which binds each wrap to its slot, so wraps need no additional data).
 * A recipient's key id is the first 8 bytes of SHA-256 of its compressed public key, so a reader
 * finds its slot without trial decryption. The wraps reuse the message IV: every wrapping key is
 * distinct and none is the content key, so no key ever sees a nonce twice.
 *
 * Signature. The sender's account signs SHA-256 of every byte before the signature with EIP-191
 * personal_sign (32 raw bytes). Opening recovers the signer and requires it to be the sender
 * named in the header; the caller then compares that address with the sender's on-chain identity.
 *
 * Binary layout, version 2, what is sealed (n recipients, p plaintext bytes; integers big-endian):
 *   header  version 2 | sender address 20 | n 1 | p 2 | time 4 (Unix seconds) | context 8 | key ids 8·n
 *           (the AES-GCM additional data; context: see contextTag)
 *   body    ephemeral public key 33 (compressed) | IV 12 | wrapped keys (32 + 16 tag)·n |
 *           key commitment 16 | ciphertext p + 16 tag
 *   tail    signature 65 (r | s | v)
 * p makes a cut-off envelope recognisable as truncated rather than tampered. Size: 178 + 56·n + p.
 * AES-GCM is not key-committing (one ciphertext can be made to open under two keys to two texts),
 * so the content is encrypted under HKDF(content key, IV, "…/v2/content") and the signed body
 * carries HKDF(content key, IV, "…/v2/commit") truncated to 16 bytes: a sender would need about
 * 2^64 hash evaluations to show two recipients two texts. The signature also covers the time and
 * the context, so a reader tells a message replayed into another conversation or channel.
 * Version 1 (no time, context or commitment; 150 + 56·n + p) is still opened, never sealed.
 *
 * Armour: one line, no JSON: "🔒NU2" then ":" and the bytes in unpadded base64url (DMs), or "~"
 * and the bytes as letters, 10 bits each (posts; see armour.ts). Neither has a '.', so X never
 * mistakes it for a link; the lock and "NU1" rarely start a word in normal text.
 *
 * What fits. Each site's profile gives its channels' limits and how it counts characters
 * (lib/sites/<site>/profile.ts). X weighs characters (xWeightedLength): the lock counts 2, the rest 1 each, so an
 * armour of b bytes weighs 6 + ⌈4b/3⌉ in base64url and 6 + ⌈4b/5⌉ in letters. Posts allow 280
 * (X Premium posts 25,000) and DMs 10,000; both limits are applied to this weight, which is the
 * armour's UTF-16 length (one more than its code points: DMs are judged conservatively).
 *   A post (letters) carries 108 plaintext bytes to oneself, 52 to one member (and oneself); an
 *   envelope for two members does not fit, not even empty.
 *   A DM (base64url) carries 7,205 plaintext bytes to one peer (7,261 to oneself): 7,205 ASCII
 *   characters, or about 1,800 emoji. See maxPlaintextBytes(channel, recipients).
 *
 * What is not hidden: the sender's address, the recipients' key ids (which anyone can match with
 * the keys published on-chain), and the exact plaintext length (there is no room for padding).
 * There is no forward secrecy: a recipient's messaging key opens every message sent to it.
 *
 * One armour per message and encoding: opening refuses a non-canonical body and high-s signatures
 * (re-encoding the same bytes in the other encoding only spells the same message differently).
 */
export const ARMOUR_PREFIX = '🔒NU2:';

/** Opening refuses longer input before any work; it is well above the 10,000 of a DM. */
export const MAX_ARMOUR_LENGTH = 16_384;

export interface Recipient {
  /** Compressed secp256k1 public key (33 bytes), as published on-chain. */
  publicKey: Hex;
}

export type OpenFailure = 'not-armour' | 'unknown-version' | 'truncated' | 'malformed' | 'not-for-you' | 'tampered' | 'too-large';

export type OpenResult =
  | {
      ok: true;
      plaintext: string;
      sender: Address;
      recipients: Hex[] /* key ids, in envelope order */;
      /** When the sender sealed it (ms), and the tag of the context it was sealed for; null in version 1. */
      sentAt: number | null;
      context: Hex | null;
    }
  | { ok: false; reason: OpenFailure; message: string };

type OpenFailureResult = Extract<OpenResult, { ok: false }>;

const VERSION = 2; // sealed; READABLE are opened
const READABLE = new Set([1, 2]);
const INFO = 'network-union/envelope/v';
/** The lock may carry U+FE0F (emoji presentation), which some keyboards and editors add. */
const ARMOUR_START = /🔒\uFE0F?NU(\d+)([:~])/u;
const ENCODING_OF_SEPARATOR = new Map(Object.entries(ENCODING_SEPARATORS).map(([encoding, separator]) => [separator, encoding as ArmourEncoding]));

const ADDRESS_BYTES = 20;
const PUBLIC_KEY_BYTES = 33;
const IV_BYTES = 12;
const KEY_BYTES = 32;
const TAG_BYTES = 16;
const SIGNATURE_BYTES = 65;
/** Version 2: time and context in the header, and the key commitment in the body. */
const TIME_BYTES = 4;
const CONTEXT_BYTES = 8;
const COMMIT_BYTES = 16;
/** version, sender, n and p: everything needed to know the envelope's size. */
const HEAD_BYTES = 1 + ADDRESS_BYTES + 1 + 2;
const MAX_RECIPIENTS = 255;
/** Enough for a scalar with negligible bias after reduction, as in messagingKeyOf. */
const EPHEMERAL_SEED_BYTES = 48;

const FAILURE_MESSAGES: { [K in OpenFailure]: (detail: string) => string } = {
  'not-armour': () => `This is not an encrypted Network Union message (those start with ${ARMOUR_PREFIX}).`,
  'unknown-version': (version) =>
    `Cannot decrypt: the message is in format NU${version}, which this version of Network Union cannot read; update the extension.`,
  truncated: () => 'Cannot decrypt: the message is cut off; it may have been shortened when it was copied or posted.',
  malformed: (detail) => `Cannot decrypt: the message is damaged (${detail}).`,
  'not-for-you': () => 'Cannot decrypt: this message is not addressed to you.',
  tampered: (detail) => `Cannot decrypt: the message fails its integrity check, so it was altered or forged (${detail}).`,
  'too-large': () => `Cannot decrypt: the message is longer than ${MAX_ARMOUR_LENGTH.toLocaleString('en')} characters, more than any Network Union message.`,
};

/** The envelope's size in bytes, from the layout in the module comment. */
function envelopeSize(recipients: number, plaintextBytes: number, version = VERSION): number {
  const v2 = version === 2 ? TIME_BYTES + CONTEXT_BYTES + COMMIT_BYTES : 0;
  const header = HEAD_BYTES + KEY_ID_BYTES * recipients;
  const body = PUBLIC_KEY_BYTES + IV_BYTES + (KEY_BYTES + TAG_BYTES) * recipients + plaintextBytes + TAG_BYTES;
  return header + body + SIGNATURE_BYTES + v2;
}

/** The 8-byte tag of a context (e.g. "dm:x:alice,x:bob"): SHA-256 of "network-union/context/" ‖ it. */
export function contextTag(context: string): Hex {
  return bytesToHex(sha256(new TextEncoder().encode(`network-union/context/${context}`)).subarray(0, CONTEXT_BYTES));
}

/**
 * The largest plaintext, in UTF-8 bytes, whose armour fits the channel's limit, for an envelope
 * with `recipients` slots (the sender included: a DM to one peer has 2). -1 when not even an
 * empty message fits, so `bytes <= maxPlaintextBytes(…)` is the whole test.
 */
export function maxPlaintextBytes(channel: MessageChannel, recipients: number): number {
  if (!Number.isInteger(recipients) || recipients < 1 || recipients > MAX_RECIPIENTS) {
    throw new RangeError(`An envelope has 1 to ${MAX_RECIPIENTS} recipients (the sender included), not ${recipients}.`);
  }
  const characters = channel.limit - channel.weigh(ARMOUR_PREFIX);
  const bytes = decodedLength(channel.encoding, characters);
  return Math.max(bytes - envelopeSize(recipients, 0), -1);
}

/** The 8-byte id that marks a recipient's slot: the first 8 bytes of SHA-256 of the compressed key. */
export function keyIdOf(publicKey: Hex): Hex {
  return bytesToHex(keyId(parsePublicKey(publicKey, 'recipient').bytes));
}

/**
 * Encrypts `plaintext` to the recipients and the sender (added if missing; repeated keys get one
 * slot, in the order given, the sender last) and returns the armoured line, in base64url unless
 * `encoding` says otherwise (CHANNEL_ENCODING). `random(n)` must
 * return n random bytes; it supplies, in this order, the ephemeral key seed (48), the content key
 * (32) and the IV (12). Throws on an invalid key, a plaintext with unpaired surrogates, or a
 * message too long to open (check maxPlaintextBytes for the channel first).
 */
export async function sealMessage(args: {
  plaintext: string;
  sender: LocalAccount;
  senderMessagingPublicKey: Hex;
  recipients: Recipient[];
  encoding?: ArmourEncoding;
  /** Where it is sent (see contextTag), and when (ms; default now): both signed. */
  context?: string;
  now?: number;
  random?: (n: number) => Uint8Array;
}): Promise<string> {
  const { plaintext, sender, senderMessagingPublicKey, recipients, encoding = 'base64url', context = '', now = Date.now(), random = randomBytes } = args;
  if (!plaintext.isWellFormed()) {
    throw new TypeError('The message contains an unpaired UTF-16 surrogate, which UTF-8 cannot carry: it would not decrypt to the same text.');
  }
  const keys = uniqueKeys([
    ...recipients.map((recipient) => parsePublicKey(recipient.publicKey, 'recipient')),
    parsePublicKey(senderMessagingPublicKey, "sender's messaging"),
  ]);
  if (keys.length > MAX_RECIPIENTS) throw new RangeError(`An envelope holds at most ${MAX_RECIPIENTS} recipients (the sender included), not ${keys.length}.`);
  const content = new TextEncoder().encode(plaintext);
  const size = envelopeSize(keys.length, content.length);
  if (ARMOUR_PREFIX.length + encodedLength(encoding, size) > MAX_ARMOUR_LENGTH) {
    throw new RangeError(`The message is ${content.length} bytes: with ${keys.length} recipients its armour would pass ${MAX_ARMOUR_LENGTH} characters, which cannot be opened.`);
  }

  const ephemeralKey = mapHashToField(draw(random, EPHEMERAL_SEED_BYTES), secp256k1.CURVE.n);
  const contentKey = draw(random, KEY_BYTES);
  const iv = draw(random, IV_BYTES);
  const ids = keys.map((key) => keyId(key.bytes));
  const seconds = Math.floor(now / 1000);
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > 0xffffffff) throw new RangeError(`The time ${now} does not fit the envelope (Unix seconds, 32 bits).`);
  const time = concatBytes([uint16(Math.floor(seconds / 0x10000)), uint16(seconds % 0x10000)]);
  const head = [new Uint8Array([VERSION]), hexToBytes(sender.address), new Uint8Array([keys.length]), uint16(content.length)];
  const header = concatBytes([...head, time, hexToBytes(contextTag(context)), ...ids]);
  const { publicKey: ephemeralPublicKey, shared } = ephemeralShares(bytesToNumberBE(ephemeralKey), keys.map((key) => key.point));
  // One round of WebCrypto calls, not two: each round waits for a worker thread.
  const derived = contentDerived(contentKey, iv);
  const [ciphertext, ...wrapped] = await Promise.all([
    aesGcm('encrypt', derived.key, iv, content, header),
    ...keys.map((_, i) => aesGcm('encrypt', wrappingKey(VERSION, shared[i]!, ephemeralPublicKey, ids[i]!), iv, contentKey)),
  ]);
  const signed = concatBytes([header, ephemeralPublicKey, iv, ...wrapped, derived.commitment, ciphertext]);
  const signature = hexToBytes(await sender.signMessage({ message: { raw: sha256(signed) } }));
  return `🔒NU${VERSION}${ENCODING_SEPARATORS[encoding]}${encodeArmour(encoding, concatBytes([signed, signature]))}`;
}

/**
 * Decrypts an armoured line (surrounding whitespace allowed; use findArmour on other text) for
 * the reader's messaging key pair. Never throws on bad input and never returns partial plaintext:
 * each OpenFailure has its own message. Throws only if the reader's own key pair is invalid,
 * which is the caller's bug. `sender` is the verified signer; compare it with the on-chain identity.
 */
export async function openMessage(armoured: string, reader: { privateKey: Hex; publicKey: Hex }): Promise<OpenResult> {
  if (typeof armoured !== 'string') return fail('not-armour');
  if (armoured.length > MAX_ARMOUR_LENGTH) return fail('too-large');
  const readerId = readerKeyId(reader);

  const text = armoured.trim();
  const start = ARMOUR_START.exec(text);
  if (!start || start.index !== 0) return fail('not-armour');
  if (!readable(start[1]!)) return fail('unknown-version', start[1]!);
  const encoding = ENCODING_OF_SEPARATOR.get(start[2]!)!;
  const decoded = decodeBody(encoding, text.slice(start[0].length));
  if (!decoded) return fail('malformed', `it contains characters that are not ${encoding === 'base64url' ? 'base64url' : 'armour letters'}`);
  const parsed = parseEnvelope(decoded.bytes, decoded.canonical);
  if ('reason' in parsed) return parsed;

  const { version, sender, ids, header, ephemeralPublicKey, iv, wrapped, commitment, ciphertext, signed, signature } = parsed;
  let signer: Address | null;
  try {
    signer = recoverSigner(sha256(signed), signature);
  } catch {
    return fail('tampered', 'its signature is invalid');
  }
  if (signer === null) return fail('tampered', 'its signature is not in low-s form');
  if (signer !== sender) return fail('tampered', `it names ${sender} as sender but is signed by ${signer}`);

  const slot = ids.findIndex((id) => equalBytes(id, readerId));
  if (slot < 0) return fail('not-for-you');
  const ephemeralPoint = decompress(ephemeralPublicKey);
  if (!ephemeralPoint) return fail('malformed', 'its ephemeral key is not a secp256k1 point');
  const shared = sharedXs(bytesToNumberBE(hexToBytes(reader.privateKey)), [ephemeralPoint])[0]!;
  const contentKey = await aesGcmOpen(wrappingKey(version, shared, ephemeralPublicKey, readerId), iv, wrapped[slot]!);
  if (!contentKey) return fail('tampered', 'the key wrapped for you does not authenticate');
  const derived = version === 2 ? contentDerived(contentKey, iv) : null;
  if (derived && !equalBytes(derived.commitment, commitment)) {
    return fail('tampered', 'the key wrapped for you is not the one the sender committed to');
  }
  const content = await aesGcmOpen(derived ? derived.key : contentKey, iv, ciphertext, header);
  if (!content) return fail('tampered', 'the content does not authenticate');
  let plaintext: string;
  try {
    plaintext = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return fail('malformed', 'the decrypted content is not UTF-8 text');
  }
  const [sentAt, context] = version !== 2 ? [null, null] : [new DataView(header.buffer, header.byteOffset + HEAD_BYTES).getUint32(0) * 1000, bytesToHex(header.subarray(HEAD_BYTES + TIME_BYTES, HEAD_BYTES + TIME_BYTES + CONTEXT_BYTES))];
  return { ok: true, plaintext, sender, recipients: ids.map((id) => bytesToHex(id)), sentAt, context };
}

/**
 * The armours in arbitrary text (a post, a DM, a page), in order, each ready for openMessage.
 * Accepted: "🔒NU<digits>" and ":" or "~" (the lock may carry U+FE0F) anywhere in the text, then
 * characters of that encoding; line breaks among them are dropped (clients wrap long lines),
 * anything else ends the armour. An armour of a readable version also ends where its header says, so text glued to its end is
 * not swallowed. Scanning stops one character past MAX_ARMOUR_LENGTH, so an oversized armour is
 * still found and reported as too large. Returned armours use the plain prefix and may be broken
 * (cut off, damaged, unknown version): openMessage says which. X draws emoji as images, so pass
 * text in which they are replaced by their alt text.
 */
export function findArmour(text: string): string[] {
  const found: string[] = [];
  const starts = new RegExp(ARMOUR_START.source, 'gu');
  for (let start = starts.exec(text); start; start = starts.exec(text)) {
    const [, version, separator] = start as unknown as [string, string, string];
    const encoding = ENCODING_OF_SEPARATOR.get(separator)!;
    const { body, end } = readArmourBody(text, start.index + start[0].length, encoding, readable(version));
    found.push(`🔒NU${version}${separator}${body}`);
    starts.lastIndex = end;
  }
  return found;
}

function readArmourBody(text: string, from: number, encoding: ArmourEncoding, sized: boolean): { body: string; end: number } {
  const headChars = encodedLength(encoding, HEAD_BYTES);
  let body = '';
  let end = from;
  let expected = MAX_ARMOUR_LENGTH + 1;
  for (let i = from; i < text.length && body.length < expected; i++) {
    const char = text[i]!;
    if (char === '\n' || char === '\r') continue;
    if (!isArmourChar(encoding, char)) break;
    body += char;
    end = i + 1;
    if (sized && body.length === headChars) expected = Math.min(expected, armourBodyLength(encoding, body));
  }
  return { body, end };
}

/** The body length the head declares, or no limit when the head is not of a readable version. */
function armourBodyLength(encoding: ArmourEncoding, head: string): number {
  const size = declaredSize(decodeArmour(encoding, head)!);
  return size === null ? Infinity : encodedLength(encoding, size);
}

/**
 * The envelope bytes of a body, and whether the body is exactly their encoding. Lenient about
 * the tail, which a cut leaves ragged, so a cut-off armour is reported as truncated. A letters
 * body can end in a whole byte of padding bits: the head says where the envelope ends.
 * null when a character is not of the encoding.
 */
function decodeBody(encoding: ArmourEncoding, text: string): { bytes: Uint8Array; canonical: boolean } | null {
  const decoded = decodeArmour(encoding, text);
  if (!decoded) return null;
  const size = declaredSize(decoded);
  const padded = size !== null && decoded.length > size && encodedLength(encoding, size) === text.length;
  const bytes = padded ? decoded.subarray(0, size) : decoded;
  return { bytes, canonical: encodeArmour(encoding, bytes) === text };
}

interface Envelope {
  version: number;
  sender: Address;
  ids: Uint8Array[];
  header: Uint8Array;
  ephemeralPublicKey: Uint8Array;
  iv: Uint8Array;
  wrapped: Uint8Array[];
  commitment: Uint8Array; // empty in version 1
  ciphertext: Uint8Array;
  signed: Uint8Array;
  signature: Uint8Array;
}

/** The size the head of `bytes` declares, or null when it has no readable head with recipients. */
function declaredSize(bytes: Uint8Array): number | null {
  if (bytes.length < HEAD_BYTES || !READABLE.has(bytes[0]!)) return null;
  const recipients = bytes[HEAD_BYTES - 3]!;
  const plaintextBytes = (bytes[HEAD_BYTES - 2]! << 8) | bytes[HEAD_BYTES - 1]!;
  return recipients === 0 ? null : envelopeSize(recipients, plaintextBytes, bytes[0]);
}

/** Checks the structure only; signature and encryption are checked by the caller. */
function parseEnvelope(bytes: Uint8Array, canonical: boolean): Envelope | OpenFailureResult {
  const version = bytes[0];
  if (version !== undefined && !READABLE.has(version)) return fail('malformed', `its format byte is ${version}, not one of ${[...READABLE].join(', ')}`);
  if (bytes.length < HEAD_BYTES) return fail('truncated');
  const size = declaredSize(bytes);
  if (size === null) return fail('malformed', 'it has no recipients');
  if (bytes.length < size) return fail('truncated');
  if (bytes.length > size) return fail('malformed', `it has ${bytes.length - size} bytes past its end`);
  if (!canonical) return fail('malformed', 'its encoding is not in canonical form');

  const recipients = bytes[HEAD_BYTES - 3]!;
  let offset = 0;
  const take = (length: number): Uint8Array => bytes.subarray(offset, (offset += length));
  take(1);
  const sender = getAddress(bytesToHex(take(ADDRESS_BYTES)));
  take(3);
  if (version === 2) take(TIME_BYTES + CONTEXT_BYTES);
  const ids = Array.from({ length: recipients }, () => take(KEY_ID_BYTES));
  const header = bytes.subarray(0, offset);
  if (new Set(ids.map((id) => bytesToHex(id))).size !== ids.length) return fail('malformed', 'a recipient appears twice');
  const ephemeralPublicKey = take(PUBLIC_KEY_BYTES);
  const iv = take(IV_BYTES);
  const wrapped = Array.from({ length: recipients }, () => take(KEY_BYTES + TAG_BYTES));
  const commitment = take(version === 2 ? COMMIT_BYTES : 0);
  const ciphertext = take(size - offset - SIGNATURE_BYTES);
  const signed = bytes.subarray(0, offset);
  return { version: version!, sender, ids, header, ephemeralPublicKey, iv, wrapped, commitment, ciphertext, signed, signature: take(SIGNATURE_BYTES) };
}

const readable = (version: string) => READABLE.has(Number(version)) && String(Number(version)) === version; // not "01"

function fail(reason: OpenFailure, detail = ''): OpenFailureResult {
  return { ok: false, reason, message: FAILURE_MESSAGES[reason](detail) };
}

/** sharedX: the x coordinate of the ECDH point. */
function wrappingKey(version: number, sharedX: Uint8Array, ephemeralPublicKey: Uint8Array, id: Uint8Array): Uint8Array {
  const info = concatBytes([new TextEncoder().encode(`${INFO}${version}`), id]);
  return hkdf(sha256, sharedX, ephemeralPublicKey, info, KEY_BYTES);
}

/** Version 2's from the content key: the AES key of the content, and its commitment (HKDFs with one extract). */
function contentDerived(contentKey: Uint8Array, iv: Uint8Array): { key: Uint8Array; commitment: Uint8Array } {
  const pseudorandomKey = extract(sha256, contentKey, iv);
  return { key: expand(sha256, pseudorandomKey, `${INFO}2/content`, KEY_BYTES), commitment: expand(sha256, pseudorandomKey, `${INFO}2/commit`, COMMIT_BYTES) };
}

async function aesGcm(mode: 'encrypt' | 'decrypt', key: Uint8Array, iv: Uint8Array, data: Uint8Array, additionalData: Uint8Array = new Uint8Array()): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey('raw', new Uint8Array(key), 'AES-GCM', false, [mode]);
  const params = { name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: new Uint8Array(additionalData) };
  return new Uint8Array(await crypto.subtle[mode](params, cryptoKey, new Uint8Array(data)));
}

/** null when authentication fails: AES-GCM cannot tell a wrong key from altered data. */
async function aesGcmOpen(key: Uint8Array, iv: Uint8Array, data: Uint8Array, additionalData?: Uint8Array): Promise<Uint8Array | null> {
  return aesGcm('decrypt', key, iv, data, additionalData).catch(() => null);
}

function draw(random: (n: number) => Uint8Array, length: number): Uint8Array {
  const bytes = random(length);
  if (bytes.length !== length) throw new RangeError(`random(${length}) returned ${bytes.length} bytes.`);
  return bytes;
}

function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

function uint16(value: number): Uint8Array {
  return new Uint8Array([value >> 8, value & 0xff]);
}
