/**
 * Property tests of the parsers that take text from pages and requests: every input is decoded
 * or refused with a typed reason, never an escaping exception.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { secp256k1 } from '@noble/curves/secp256k1';
import { bytesToHex, getAddress, hexToBytes, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { LETTERS, decodeArmour, encodeArmour } from '@/lib/crypto/armour';
import { readFileSync } from 'node:fs';
import { ARMOUR_PREFIX, contextTag, openMessage, sealMessage, type OpenFailure } from '@/lib/crypto/envelope';
import { handleCandidates, parseHandle } from '@/lib/identity/handles';
import { formatProof, parseProof } from '@/lib/identity/proof';
import { PROTOCOL, parseRequest, type CallerKind } from '@/lib/protocol';

const FAILURES: OpenFailure[] = ['not-armour', 'unknown-version', 'truncated', 'malformed', 'not-for-you', 'tampered', 'too-large'];
const keyPair = (privateKey: Hex) => ({ privateKey, publicKey: bytesToHex(secp256k1.getPublicKey(hexToBytes(privateKey), true)) });
const ALICE = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const alice = keyPair('0x1111111111111111111111111111111111111111111111111111111111111111');
const bob = keyPair('0x2222222222222222222222222222222222222222222222222222222222222222');

/** The registry's own grammar (HandleGrammar.sol): what a parsed handle must always satisfy. */
const ON_CHAIN_GRAMMAR = /^[a-z0-9]{1,16}:[a-z0-9_.:-]{1,64}$/;

const base64urlChars = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')), maxLength: 400 });
const letterChars = fc.string({ unit: fc.constantFrom(...LETTERS), maxLength: 400 });

async function expectTypedOpen(text: string) {
  const result = await openMessage(text, bob);
  if (!result.ok) expect(FAILURES).toContain(result.reason);
  return result;
}

describe('envelope decoder', () => {
  it('refuses arbitrary text with a typed reason', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 300 }), async (text) => void (await expectTypedOpen(text))), { numRuns: 300 });
  });

  it('refuses armour-shaped noise in both encodings with a typed reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(base64urlChars.map((b) => `${ARMOUR_PREFIX}${b}`), letterChars.map((l) => `🔒NU1~${l}`), fc.nat(99).map((v) => `🔒NU${v}:AAAA`)), async (text) => {
        expect((await expectTypedOpen(text)).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('opens every sealed message with its text, time and context, whatever they are', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 120 }), fc.string({ maxLength: 80 }), fc.integer({ min: 0, max: 0xffffffff }), async (text, context, seconds) => {
        const plaintext = text.isWellFormed() ? text : text.toWellFormed();
        const now = seconds * 1000 + 999;
        const sealed = await sealMessage({ plaintext, sender: ALICE, senderMessagingPublicKey: alice.publicKey, recipients: [{ publicKey: bob.publicKey }], context, now });
        expect(await openMessage(sealed, bob)).toMatchObject({ ok: true, plaintext, sentAt: seconds * 1000, context: contextTag(context) });
      }),
      { numRuns: 40 },
    );
  }, 30_000);

  it('never opens a stored version 1 armour with one character changed or cut, and still opens it whole', async () => {
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/envelope-vectors.json', import.meta.url), 'utf8')) as { vectors: { name: string; plaintext: string; armour: string }[] };
    const { armour, plaintext } = fixture.vectors.find((vector) => vector.name === 'ascii')!;
    expect(await openMessage(armour, bob)).toMatchObject({ ok: true, plaintext, context: null });
    const body = [...armour];
    await fc.assert(
      fc.asyncProperty(fc.nat(body.length - 1), fc.constantFrom(...'AQgw-_z9'.split('')), fc.boolean(), async (at, char, cut) => {
        const changed = cut ? body.slice(0, at).join('') : [...body.slice(0, at), char, ...body.slice(at + 1)].join('');
        const result = await expectTypedOpen(changed);
        if (result.ok) expect(result.plaintext).toBe(plaintext);
      }),
      { numRuns: 150 },
    );
  }, 30_000);

  it('never opens a sealed message with one character changed or cut, and says why', async () => {
    const sealed = await sealMessage({ plaintext: 'Rally at noon', sender: ALICE, senderMessagingPublicKey: alice.publicKey, recipients: [{ publicKey: bob.publicKey }] });
    expect(await openMessage(sealed, bob)).toMatchObject({ ok: true, plaintext: 'Rally at noon' });
    const body = [...sealed];
    await fc.assert(
      fc.asyncProperty(fc.nat(body.length - 1), fc.constantFrom(...'AQgw-_z9'.split('')), fc.boolean(), async (at, char, cut) => {
        const changed = cut ? body.slice(0, at).join('') : [...body.slice(0, at), char, ...body.slice(at + 1)].join('');
        if (changed === sealed) return;
        const result = await expectTypedOpen(changed);
        if (result.ok) expect(result.plaintext).toBe('Rally at noon'); // only a spelling of the same bytes opens
      }),
      { numRuns: 200 },
    );
  });
});

describe('armour encodings', () => {
  it('round-trip any bytes, and decode arbitrary text to bytes or null', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('base64url' as const, 'letters' as const), (bytes, encoding) => {
        const decoded = decodeArmour(encoding, encodeArmour(encoding, bytes))!;
        // Letters carry 10 bits each: 4 bytes mod 5 leave one whole zero byte, which the envelope's declared size drops.
        const padding = encoding === 'letters' && bytes.length % 5 === 4 ? [0] : [];
        expect(decoded).toEqual(Uint8Array.from([...bytes, ...padding]));
      }),
    );
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('base64url' as const, 'letters' as const), (text, encoding) => {
      const decoded = decodeArmour(encoding, text);
      expect(decoded === null || decoded instanceof Uint8Array).toBe(true);
    }));
  });
});

describe('bio proof parser', () => {
  it('reads arbitrary bios without throwing', () => {
    fc.assert(fc.property(fc.string({ maxLength: 3_000 }), (bio) => {
      expect(['found', 'none', 'invalid', 'conflict']).toContain(parseProof(bio).status);
    }), { numRuns: 500 });
  });

  it('finds the one proof among arbitrary words, and always the exact address', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (raw, before, after) => {
        const address = getAddress(bytesToHex(raw));
        const parsed = parseProof(`${before.replace(/NetworkUnion/gi, '')} ${formatProof(address)} ${after.replace(/NetworkUnion/gi, '')}`);
        expect(parsed).toMatchObject({ status: 'found', address });
      }),
    );
  });
});

describe('handles', () => {
  it('parse to a handle the registry accepts, idempotently, or to nothing', () => {
    const handleLike = fc.tuple(fc.constantFrom('x', 'X', 'facebook', 'tiktok', ''), fc.string({ maxLength: 70 })).map(([p, n]) => `${p}:${n}`);
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 80 }), handleLike), (text) => {
      const handle = parseHandle(text);
      if (handle === null) return;
      expect(handle).toMatch(ON_CHAIN_GRAMMAR);
      expect(parseHandle(handle)).toBe(handle);
      for (const candidate of handleCandidates(text)) expect(candidate).toMatch(ON_CHAIN_GRAMMAR);
    }), { numRuns: 1_000 });
  });
});

describe('protocol validator', () => {
  const types = Object.keys(PROTOCOL);
  it('answers any message from any caller with a request or a reason, never a throw', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 30 }), fc.object({ maxDepth: 2 }));
    const message = fc.oneof(
      fc.anything(),
      fc.record({ type: fc.constantFrom(...types) }).chain((base) => fc.dictionary(fc.constantFrom('handles', 'handle', 'profile', 'amount', 'unionId', 'id', 'approve', 'chosen', 'config', 'plaintext', 'armour', 'authors', 'currency', 'feature'), value).map((fields) => ({ ...fields, ...base }))),
    );
    fc.assert(fc.property(message, fc.constantFrom<CallerKind>('extension', 'content', 'site'), (input, caller) => {
      const parsed = parseRequest(input, caller);
      if ('error' in parsed) expect(typeof parsed.error).toBe('string');
      else {
        expect(types).toContain(parsed.type);
        expect(PROTOCOL[parsed.type].callers).toContain(caller);
      }
    }), { numRuns: 2_000 });
  });
});
