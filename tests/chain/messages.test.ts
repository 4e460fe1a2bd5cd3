import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createTestClient, createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { unionRegistryAbi } from '@/lib/chain/generated/abi';
import type { LocalNode } from '@/scripts/anvil';
import { startSeededChain } from '@/scripts/chain';
import { localChain, type Deployment } from '@/scripts/deploy';
import { xProfile, xWeightedLength } from '@/lib/sites/x/profile';
import { newBackground, PASSWORD, type TestBackground } from './background';
import { countingFetch } from './rpc-count';

let node: LocalNode;
let deployment: Deployment;
let alice: TestBackground;
let bob: TestBackground;
let carol: TestBackground;

const X = 'https://x.com';

/** A demo member's background with its messaging key published on-chain. */
async function memberWithKey(handle: string, fetchFn?: typeof fetch) {
  const member = deployment.members.find((m) => m.handle === handle)!;
  const test = createTestClient({ chain: localChain(node.rpcUrl), mode: 'anvil', transport: http(node.rpcUrl) });
  const background = await newBackground({ rpcUrl: node.rpcUrl, deployment, setBalance: (args) => test.setBalance(args) }, { privateKey: member.privateKey, fund: false, fetchFn });
  await background.value({ type: 'publishMessagingKey' });
  return background;
}

beforeAll(async () => {
  ({ node, deployment } = await startSeededChain());
  [alice, bob, carol] = [await memberWithKey('x:priya_nu'), await memberWithKey('x:tomas_nu'), await memberWithKey('x:lena_nu')];
});
afterAll(() => node?.stop());

describe('encrypted messages between members', () => {
  it('are read by the peer with the verified sender, by the sender itself, and by no one else', async () => {
    const { armour } = await alice.value({ type: 'sealForPeer', peerHandle: 'x:tomas_nu', plaintext: 'Meet at the library at 6 🌆' }, X);
    expect(armour.startsWith('🔒NU1:')).toBe(true);
    expect(armour).not.toContain('library');

    expect(await bob.value({ type: 'openArmour', armour, authors: ['x:priya_nu'] }, X)).toEqual({
      opened: true,
      plaintext: 'Meet at the library at 6 🌆',
      sender: { handle: 'x:priya_nu', address: alice.address, self: false },
    });
    expect(await alice.value({ type: 'openArmour', armour, authors: ['x:tomas_nu'] }, X)).toMatchObject({ opened: true, sender: { self: true, handle: 'x:priya_nu' } });
    expect(await carol.value({ type: 'openArmour', armour, authors: ['x:priya_nu'] }, X)).toMatchObject({ opened: false, reason: 'not-for-you' });
  });

  it("share the chain reads of a thread: one author's messages ask the chain twice, and again only for the author's current key", async () => {
    const rpc = countingFetch();
    const reader = await memberWithKey('x:mara_union', rpc.fetchFn);
    alice.chosen = ['x:mara_union'];
    const armours = await Promise.all(
      Array.from({ length: 8 }, (_, i) => alice.value({ type: 'lockPost', plaintext: `note ${i}`, platform: 'x' }, X).then((r) => r.armour)),
    );
    rpc.reset();
    const opened = await Promise.all(armours.map((armour) => reader.value({ type: 'openArmour', armour, authors: ['x:priya_nu'] }, X)));
    expect(opened.every((o) => o.opened && o.sender?.handle === 'x:priya_nu')).toBe(true);
    // For all eight: the reader's own unions (they are followed), one batched profile lookup and
    // one read of the author's key.
    expect(rpc.methods.filter((m) => m === 'eth_call')).toHaveLength(3);
    rpc.reset();
    await reader.value({ type: 'openArmour', armour: armours[0]!, authors: ['x:priya_nu'] }, X);
    expect(rpc.methods).toEqual(['eth_call']);
  });

  it('never name a sender the chain does not back', async () => {
    const { armour } = await alice.value({ type: 'sealForPeer', peerHandle: 'x:tomas_nu', plaintext: 'hi' }, X);
    // Displayed as written by someone else: the signature is not theirs, so no sender is named.
    expect(await bob.value({ type: 'openArmour', armour, authors: ['x:lena_nu', 'x:nobody'] }, X)).toEqual({ opened: true, plaintext: 'hi', sender: null });
  });

  it('refuse peers without a verified claim or a published key, and a locked wallet', async () => {
    expect(await alice.ask({ type: 'sealForPeer', peerHandle: 'x:ivy_unvouched', plaintext: 'hi' }, X)).toMatchObject({ ok: false, error: expect.stringContaining('not a verified member') });
    expect(await alice.ask({ type: 'sealForPeer', peerHandle: 'x:kofi_nu', plaintext: 'hi' }, X)).toMatchObject({ ok: false, error: expect.stringContaining('has not published a messaging key') });
    const { armour } = await alice.value({ type: 'sealForPeer', peerHandle: 'x:tomas_nu', plaintext: 'later' }, X);
    await bob.value({ type: 'walletLock' });
    expect(await bob.value({ type: 'openArmour', armour, authors: ['x:priya_nu'] }, X)).toMatchObject({ opened: false, reason: 'locked' });
    await alice.value({ type: 'walletLock' });
    expect(await alice.ask({ type: 'sealForPeer', peerHandle: 'x:tomas_nu', plaintext: 'hi' }, X)).toMatchObject({ ok: false, locked: true });
  });

  it('say why tampered or truncated armour cannot be read', async () => {
    const { armour } = await carol.value({ type: 'sealForPeer', peerHandle: 'x:priya_nu', plaintext: 'a secret plan' }, X);
    const truncated = armour.slice(0, armour.length - 20);
    expect(await carol.value({ type: 'openArmour', armour: truncated, authors: [] }, X)).toMatchObject({ opened: false, reason: 'truncated', message: expect.stringContaining('Cannot decrypt') });
    const flipped = armour.slice(0, 40) + (armour[40] === 'A' ? 'B' : 'A') + armour.slice(41);
    expect(await carol.value({ type: 'openArmour', armour: flipped, authors: [] }, X)).toMatchObject({ opened: false, reason: 'tampered' });
  });
});

describe('encrypted posts for chosen members', () => {
  beforeAll(async () => {
    for (const background of [alice, bob]) await background.value({ type: 'walletUnlock', password: PASSWORD });
  });

  it('offer the verified members with a messaging key, and lock the post for the chosen ones only', async () => {
    carol.chosen = ['x:priya_nu'];
    const text = 'Union meeting moved to 7pm, room B';
    const { armour, recipients } = await carol.value({ type: 'lockPost', plaintext: `  ${text}\n`, platform: 'x' }, X);
    expect(recipients).toEqual(['x:priya_nu']);
    expect(armour).toMatch(/^🔒NU1~/);
    expect(xWeightedLength(armour)).toBeLessThanOrEqual(xProfile.channels.post.limit);

    const approval = carol.approvals.at(-1)!;
    expect(approval).toMatchObject({ kind: 'recipients', origin: X, fields: [{ label: 'Text', value: text }] });
    // Members with a published key, oneself excluded; none without a key or a verified claim.
    expect(approval.recipients!.choices.map((choice) => choice.id).sort()).toEqual(['x:mara_union', 'x:priya_nu', 'x:tomas_nu']);
    expect(approval.recipients!.choices.find((choice) => choice.id === 'x:priya_nu')!.label).toMatch(/^@priya_nu · \w+ of .+ · 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}$/);
    expect(approval.recipients).toMatchObject({ draftBytes: text.length, postLimit: 280, capacity: [80, 24, -1] });

    expect(await alice.value({ type: 'openArmour', armour, authors: ['x:lena_nu'] }, X)).toMatchObject({ opened: true, plaintext: text, sender: { handle: 'x:lena_nu', self: false } });
    expect(await carol.value({ type: 'openArmour', armour, authors: ['x:lena_nu'] }, X)).toMatchObject({ opened: true, plaintext: text, sender: { self: true } });
    expect(await bob.value({ type: 'openArmour', armour, authors: ['x:lena_nu'] }, X)).toMatchObject({ opened: false, reason: 'not-for-you' });
    // What a page shows after the armour (a word in Greek, say) is not taken for part of it.
    expect(await alice.value({ type: 'openArmour', armour: `${armour}λέξη`, authors: ['x:lena_nu'] }, X)).toMatchObject({ opened: true, plaintext: text });
  });

  it('lock nothing when nobody is chosen or the window is rejected, and ask to unlock before any window', async () => {
    carol.chosen = [];
    expect(await carol.ask({ type: 'lockPost', plaintext: 'hi', platform: 'x' }, X)).toMatchObject({ ok: false, error: expect.stringContaining('No member was chosen') });
    carol.decision = 'reject';
    carol.chosen = ['x:tomas_nu'];
    expect(await carol.ask({ type: 'lockPost', plaintext: 'hi', platform: 'x' }, X)).toMatchObject({ ok: false, error: expect.stringContaining('Rejected') });
    carol.decision = 'approve';
    expect(await carol.ask({ type: 'lockPost', plaintext: '  ', platform: 'x' }, X)).toMatchObject({ ok: false, error: expect.stringContaining('Write the post first') });
    const windows = carol.approvals.length;
    await carol.value({ type: 'walletLock' });
    expect(await carol.ask({ type: 'lockPost', plaintext: 'hi', platform: 'x' }, X)).toMatchObject({ ok: false, locked: true });
    expect(carol.approvals).toHaveLength(windows);
    await carol.value({ type: 'walletUnlock', password: PASSWORD });
  });

  it("say before any click why a DM cannot be locked for a peer", async () => {
    expect(await alice.value({ type: 'lockStatus', peerHandle: 'x:tomas_nu' }, X)).toEqual({ reason: null });
    expect(await alice.value({ type: 'lockStatus', peerHandle: 'x:kofi_nu' }, X)).toEqual({ reason: expect.stringMatching(/^@kofi_nu has not published a messaging key yet\.$/) });
    expect(await alice.value({ type: 'lockStatus', peerHandle: 'x:ivy_unvouched' }, X)).toEqual({ reason: expect.stringMatching(/^@ivy_unvouched is not a verified member/) });
    expect(await alice.value({ type: 'lockStatus', peerHandle: 'not a handle' }, X)).toEqual({ reason: expect.stringContaining('one-to-one conversation') });
  });

  it('treat a published key that is not a curve point as no key: never offered, said beforehand, never crashing a decryption', async () => {
    const amara = deployment.members.find((m) => m.handle === 'x:amara_nu')!;
    const wallet = createWalletClient({ account: privateKeyToAccount(amara.privateKey), chain: localChain(node.rpcUrl), transport: http(node.rpcUrl) });
    const offCurve = `0x02${'ff'.repeat(32)}` as const; // the registry checks only the length and prefix
    const hash = await wallet.writeContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'setEncryptionKey', args: [offCurve] });
    await createPublicClient({ chain: localChain(node.rpcUrl), transport: http(node.rpcUrl) }).waitForTransactionReceipt({ hash });

    expect(await alice.value({ type: 'lockStatus', peerHandle: 'x:amara_nu' }, X)).toEqual({ reason: expect.stringContaining('not valid') });
    alice.chosen = ['x:tomas_nu'];
    const { armour } = await alice.value({ type: 'lockPost', plaintext: 'still works', platform: 'x' }, X);
    expect(alice.approvals.at(-1)!.recipients!.choices.map((choice) => choice.id)).not.toContain('x:amara_nu');
    // Shown as written by amara: her key is no key, so the real signer is not named, and nothing throws.
    expect(await bob.value({ type: 'openArmour', armour, authors: ['x:amara_nu', 'x:priya_nu'] }, X)).toMatchObject({ opened: true, sender: { handle: 'x:priya_nu' } });
    expect(await bob.value({ type: 'openArmour', armour, authors: ['x:amara_nu'] }, X)).toEqual({ opened: true, plaintext: 'still works', sender: null });
  });
});
