import { describe, expect, it } from 'vitest';
import {
  concat,
  encodeAbiParameters,
  hashTypedData,
  keccak256,
  recoverMessageAddress,
  recoverTypedDataAddress,
  toHex,
  verifyMessage,
  verifyTypedData,
  type Hex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { documentMessage, sha256Of, signDocument, verifySignatureFile, type SignatureFile } from '@/lib/wallet/documents';
import {
  DOCUMENT_DOMAIN,
  INVITE_CODE_PREFIX,
  bylawsAcceptanceTypedData,
  decodeInviteCode,
  documentTypedData,
  encodeInviteCode,
  inviteTypedData,
  messagingKeyProofTypedData,
  type Invite,
} from '@/lib/wallet/typed-data';

// anvil dev accounts 0 and 1
const alice = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const bob = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const registry = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const chainId = 31337;
const documentBytes = new TextEncoder().encode('Bylaws of the Network Union, version 1.\n');
const NOW = 1_700_000_000_123;

const invite: Invite = {
  unionId: 1n,
  sponsor: alice.address,
  invitee: bob.address,
  nonce: '0x6a1f1b1e2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
  expiry: 1_700_604_800n,
};

describe('document message and hash', () => {
  it('hashes with SHA-256 and names the hash in the personal message', async () => {
    const empty = await sha256Of(new Uint8Array());
    expect(empty).toBe('0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(documentMessage(empty)).toBe(`Network Union document signature\nSHA-256: ${empty}`);
  });
});

describe('EIP-712 messages', () => {
  it('signs an invite that verifies and recovers to the sponsor', async () => {
    const typed = inviteTypedData(invite, chainId, registry);
    expect(typed.domain).toEqual({ name: 'NetworkUnion', version: '1', chainId, verifyingContract: registry });
    const signature = await alice.signTypedData(typed);
    expect(await verifyTypedData({ address: alice.address, ...typed, signature })).toBe(true);
    expect(await recoverTypedDataAddress({ ...typed, signature })).toBe(alice.address);
    expect(await verifyTypedData({ address: bob.address, ...typed, signature })).toBe(false);
    // Another chain or registry is another message: no replay across deployments.
    expect(await recoverTypedDataAddress({ ...inviteTypedData(invite, 1, registry), signature })).not.toBe(alice.address);
  });

  it('hashes the invite exactly as the contract will, from the type string', () => {
    const typeHash = keccak256(toHex('Invite(uint256 unionId,address sponsor,address invitee,bytes32 nonce,uint64 expiry)'));
    const structHash = keccak256(
      encodeAbiParameters(
        [{ type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }, { type: 'address' }, { type: 'bytes32' }, { type: 'uint64' }],
        [typeHash, invite.unionId, invite.sponsor, invite.invitee, invite.nonce, invite.expiry],
      ),
    );
    const domainTypeHash = keccak256(toHex('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'));
    const domainSeparator = keccak256(
      encodeAbiParameters(
        [{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }],
        [domainTypeHash, keccak256(toHex('NetworkUnion')), keccak256(toHex('1')), BigInt(chainId), registry],
      ),
    );
    expect(hashTypedData(inviteTypedData(invite, chainId, registry))).toBe(keccak256(concat(['0x1901', domainSeparator, structHash])));
  });

  it('hashes the messaging key proof as the registry does, and it names the account', async () => {
    const typeHash = keccak256(toHex('MessagingKey(address account)'));
    const structHash = keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'address' }], [typeHash, alice.address]));
    const domainTypeHash = keccak256(toHex('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'));
    const domainSeparator = keccak256(
      encodeAbiParameters(
        [{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }],
        [domainTypeHash, keccak256(toHex('NetworkUnion')), keccak256(toHex('1')), BigInt(chainId), registry],
      ),
    );
    const typed = messagingKeyProofTypedData(alice.address, chainId, registry);
    expect(hashTypedData(typed)).toBe(keccak256(concat(['0x1901', domainSeparator, structHash])));
    const signature = await bob.signTypedData(typed); // bob's key vouching it is alice's
    expect(await recoverTypedDataAddress({ ...typed, signature })).toBe(bob.address);
    expect(await recoverTypedDataAddress({ ...messagingKeyProofTypedData(bob.address, chainId, registry), signature })).not.toBe(bob.address);
  });

  it('signs bylaws acceptances and documents in a chain-independent domain', async () => {
    expect(DOCUMENT_DOMAIN).toEqual({ name: 'NetworkUnion', version: '1' });
    const bylawsHash = keccak256(documentBytes);
    const acceptance = bylawsAcceptanceTypedData({ unionId: 1n, bylawsHash, member: bob.address, time: 1_700_000_000 });
    expect(acceptance.domain).toEqual(DOCUMENT_DOMAIN);
    expect(acceptance.message.time).toBe(1_700_000_000n);
    const signature = await bob.signTypedData(acceptance);
    expect(await verifyTypedData({ address: bob.address, ...acceptance, signature })).toBe(true);
    expect(hashTypedData(acceptance)).not.toBe(hashTypedData({ ...acceptance, message: { ...acceptance.message, unionId: 2n } }));

    const document = documentTypedData({ documentHash: await sha256Of(documentBytes), title: 'Bylaws', signer: alice.address, time: 1_700_000_000 });
    expect(document.primaryType).toBe('Document');
    expect(await recoverTypedDataAddress({ ...document, signature: await alice.signTypedData(document) })).toBe(alice.address);
  });
});

describe('document signatures', () => {
  async function signed(): Promise<SignatureFile> {
    return signDocument(alice, documentBytes, '  Bylaws v1 ', NOW);
  }

  it('writes both signatures, each verifiable with viem alone', async () => {
    const file = await signed();
    expect(file).toMatchObject({
      format: 'network-union-signature',
      version: 1,
      document: { sha256: await sha256Of(documentBytes), title: 'Bylaws v1', size: documentBytes.length },
      signer: alice.address,
      time: 1_700_000_000,
    });
    const message = documentMessage(file.document.sha256);
    expect(await verifyMessage({ address: alice.address, message, signature: file.personalSignature })).toBe(true);
    expect(await recoverMessageAddress({ message, signature: file.personalSignature })).toBe(alice.address);
    const typed = documentTypedData({ documentHash: file.document.sha256, title: file.document.title, signer: file.signer, time: file.time });
    expect(await verifyTypedData({ address: alice.address, ...typed, signature: file.typedSignature })).toBe(true);
  });

  it('round-trips through JSON text', async () => {
    const file = await signed();
    const expected = { ok: true, signer: alice.address, time: 1_700_000_000, title: 'Bylaws v1' };
    expect(await verifySignatureFile(documentBytes, JSON.stringify(file, null, 2))).toEqual(expected);
    expect(await verifySignatureFile(documentBytes, file)).toEqual(expected);
  });

  it('refuses another document, naming the hash the signature is for', async () => {
    const file = await signed();
    const other = new TextEncoder().encode('Bylaws of the Network Union, version 2.\n');
    const result = await verifySignatureFile(other, file);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(`This signature is for another document (SHA-256 ${file.document.sha256})`) });
  });

  it('refuses an edited size', async () => {
    const file = await signed();
    const result = await verifySignatureFile(documentBytes, { ...file, document: { ...file.document, size: 1 } });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('the file was edited') });
  });

  it('refuses a changed title or time: the typed signature binds them', async () => {
    const file = await signed();
    for (const altered of [{ ...file, document: { ...file.document, title: 'Bylaws v2' } }, { ...file, time: file.time + 1 }]) {
      expect(await verifySignatureFile(documentBytes, altered)).toEqual({ ok: false, reason: expect.stringMatching(/^The typed signature does not match/) });
    }
  });

  it('refuses a swapped signer or swapped signatures', async () => {
    const file = await signed();
    const bobs = await signDocument(bob, documentBytes, 'Bylaws v1', NOW);
    const cases: [unknown, RegExp][] = [
      [{ ...file, signer: bob.address }, new RegExp(`personal signature was not made by ${bob.address}`)],
      [{ ...file, personalSignature: bobs.personalSignature }, /personal signature was not made by/],
      [{ ...file, typedSignature: bobs.typedSignature }, /typed signature does not match/],
      [{ ...file, personalSignature: file.typedSignature }, /personal signature was not made by/],
      [{ ...file, personalSignature: `0x${'00'.repeat(65)}` }, /personal signature was not made by/],
    ];
    for (const [altered, reason] of cases) {
      const result = await verifySignatureFile(documentBytes, altered);
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.reason).toMatch(reason);
    }
  });

  it('refuses garbage and malformed files with a reason', async () => {
    const file = await signed();
    const cases: [unknown, RegExp][] = [
      ['{not json', /not valid JSON/],
      ['null', /format field/],
      [[], /format field/],
      [{ ...file, format: 'other' }, /format field/],
      [{ ...file, version: 2 }, /version 2.*update the extension/],
      [{ ...file, version: undefined }, /version is missing/],
      [{ ...file, document: undefined }, /document field is missing/],
      [{ ...file, document: { ...file.document, sha256: '0x1234' } }, /sha256 is not 32 bytes/],
      [{ ...file, document: { ...file.document, title: '' } }, /title must be 1 to 200/],
      [{ ...file, document: { ...file.document, size: -1 } }, /size is not a whole number/],
      [{ ...file, signer: 'alice' }, /signer is not an address/],
      [{ ...file, time: '1700000000' }, /time is not a whole number/],
      [{ ...file, typedSignature: file.typedSignature.slice(0, -2) }, /typedSignature is not 65 bytes/],
    ];
    for (const [garbage, reason] of cases) {
      const result = await verifySignatureFile(documentBytes, garbage);
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.reason).toMatch(reason);
    }
  });

  it('refuses to sign with an empty or overlong title', async () => {
    await expect(signDocument(alice, documentBytes, '   ', NOW)).rejects.toThrow(/1 to 200 characters/);
    await expect(signDocument(alice, documentBytes, 'x'.repeat(201), NOW)).rejects.toThrow(/has 201/);
  });
});

describe('invite codes', () => {
  async function code(): Promise<{ text: string; signature: Hex }> {
    const signature = await alice.signTypedData(inviteTypedData(invite, chainId, registry));
    return { text: encodeInviteCode(invite, signature), signature };
  }

  it('round-trips as one compact URL-safe line', async () => {
    const { text, signature } = await code();
    expect(text.startsWith(INVITE_CODE_PREFIX)).toBe(true);
    expect(text).toMatch(/^nu-invite2:[A-Za-z0-9_-]+$/);
    expect(text.length).toBeLessThan(230);
    const decoded = decodeInviteCode(text);
    expect(decoded).toEqual({ ok: true, invite, signature });
    if (decoded.ok) expect(await recoverTypedDataAddress({ ...inviteTypedData(decoded.invite, chainId, registry), signature: decoded.signature })).toBe(alice.address);
  });

  it('round-trips the largest values', async () => {
    const big: Invite = { ...invite, unionId: 2n ** 256n - 1n, expiry: 2n ** 64n - 1n };
    const signature = await alice.signTypedData(inviteTypedData(big, chainId, registry));
    expect(decodeInviteCode(encodeInviteCode(big, signature))).toEqual({ ok: true, invite: big, signature });
  });

  it('tolerates surrounding whitespace and a full link', async () => {
    const { text, signature } = await code();
    for (const wrapped of [`  ${text}\n`, `https://network-union.example/join#${text}`, ` https://example.org/i?x=1#${text} `]) {
      expect(decodeInviteCode(wrapped)).toEqual({ ok: true, invite, signature });
    }
  });

  it('refuses truncated, extended and garbled codes', async () => {
    const { text } = await code();
    const body = text.slice(INVITE_CODE_PREFIX.length);
    const flip = (i: number) => text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
    const cases: [string, RegExp][] = [
      [text.slice(0, -1), /incomplete/],
      [text.slice(0, -4), /incomplete/],
      [text.slice(0, 40), /incomplete/],
      [`${text}AAAA`, /incomplete or has extra/],
      [flip(INVITE_CODE_PREFIX.length + 30), /checksum/],
      [flip(text.length - 10), /checksum/],
      [text.replace(body.slice(5, 6), '+'), /characters that cannot be in it/],
      [INVITE_CODE_PREFIX, /incomplete/],
      [`${text.slice(0, 20)} ${text.slice(20)}`, /characters that cannot be in it/],
      [body, /not a Network Union invite code/],
      ['', /not a Network Union invite code/],
      ['https://network-union.example/join', /not a Network Union invite code/],
      [text.replace('nu-invite2:', 'nu-invite3:'), /version 3.*update the extension/],
      [text.replace('nu-invite2:', 'nu-invite1:'), /older kind that anyone holding it could use/],
    ];
    for (const [garbled, reason] of cases) {
      const result = decodeInviteCode(garbled);
      expect(result.ok, garbled).toBe(false);
      expect(result.ok ? '' : result.reason).toMatch(reason);
    }
  });

  it('refuses to encode an invalid invite', async () => {
    const { signature } = await code();
    expect(() => encodeInviteCode({ ...invite, unionId: 0n }, signature)).toThrow(/union id/);
    expect(() => encodeInviteCode({ ...invite, expiry: 2n ** 64n }, signature)).toThrow(/uint64/);
    expect(() => encodeInviteCode({ ...invite, nonce: '0x01' }, signature)).toThrow(/nonce/);
    expect(() => encodeInviteCode({ ...invite, invitee: '0x0000000000000000000000000000000000000000' }, signature)).toThrow(/invitee/);
    expect(() => encodeInviteCode(invite, '0x1234')).toThrow(/65 bytes/);
    expect(() => encodeInviteCode(invite, `${signature.slice(0, -2)}01` as Hex)).toThrow(/v byte is 1/);
  });
});
