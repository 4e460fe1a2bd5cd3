import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClient, createWalletClient, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { unionRegistryAbi } from '@/lib/chain/generated/abi';
import { messagingKeyOf, messagingKeyProof } from '@/lib/wallet/keys';
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

/**
 * Lock as on a page: the page asks to compose (for a DM's peer, or a post), the composer window
 * opens, reads what it composes for, and writes `plaintext` for the chosen `recipients` (a post).
 * `page` is what the page's request answers; no `details` when no window opened.
 */
async function lock(background: TestBackground, target: { peerHandle: string } | { recipients: string[] }, plaintext: string) {
  const opened = new Promise<string>((resolve) => (background.onCompose = resolve));
  const page = background.ask({ type: 'compose', platform: 'x', peerHandle: 'peerHandle' in target ? target.peerHandle : undefined }, X);
  const id = await Promise.race([opened, page.then(() => null)]);
  if (id === null) return { page: await page };
  const details = await background.value({ type: 'composeDetails', id });
  const window = await background.ask({ type: 'composeFinish', id, plaintext, recipients: 'recipients' in target ? target.recipients : [] });
  // The window stays open after a refusal; here it is closed.
  if (!window.ok) background.service.drafts.closed(id);
  return { details, window, page: await page };
}

/** The armour a Lock wrote into the page's composer. */
async function armourOf(background: TestBackground, target: { peerHandle: string } | { recipients: string[] }, plaintext: string) {
  const { page } = await lock(background, target, plaintext);
  if (!page.ok) throw new Error(page.error);
  return page.value.armour;
}

beforeAll(async () => {
  ({ node, deployment } = await startSeededChain());
  [alice, bob, carol] = [await memberWithKey('x:priya_nu'), await memberWithKey('x:tomas_nu'), await memberWithKey('x:lena_nu')];
});
afterAll(() => node?.stop());

describe('encrypted messages between members', () => {
  it('are read by the peer with the verified sender, by the sender itself, and by no one else', async () => {
    const armour = await armourOf(alice, { peerHandle: 'x:tomas_nu' }, 'Meet at the library at 6 🌆');
    expect(armour.startsWith('🔒NU2:')).toBe(true);
    expect(armour).not.toContain('library');

    expect(await bob.value({ type: 'openArmour', armour, authors: ['x:priya_nu'] }, X)).toEqual({
      opened: true,
      plaintext: 'Meet at the library at 6 🌆',
      sender: { handle: 'x:priya_nu', address: alice.address, self: false },
      // Sealed for this conversation (priya and tomas), with its time signed.
      placement: 'here',
      sentAt: expect.any(Number),
    });
    expect(await alice.value({ type: 'openArmour', armour, authors: ['x:tomas_nu'] }, X)).toMatchObject({ opened: true, sender: { self: true, handle: 'x:priya_nu' } });
    expect(await carol.value({ type: 'openArmour', armour, authors: ['x:priya_nu'] }, X)).toMatchObject({ opened: false, reason: 'not-for-you' });
  });

  it("share the chain reads of a thread: one author's messages ask the chain twice, and again only for the author's current key", async () => {
    const rpc = countingFetch();
    const reader = await memberWithKey('x:mara_union', rpc.fetchFn);
    const armours: string[] = [];
    for (let i = 0; i < 8; i++) armours.push(await armourOf(alice, { recipients: ['x:mara_union'] }, `note ${i}`));
    rpc.reset();
    const opened = await Promise.all(armours.map((armour) => reader.value({ type: 'openArmour', armour, authors: ['x:priya_nu'] }, X)));
    expect(opened.every((o) => o.opened && o.sender?.handle === 'x:priya_nu')).toBe(true);
    // For all eight: the reader's own unions (they are followed), one batched profile lookup, one
    // read of the author's key and one of the reader's own claims (to name the signed context).
    expect(rpc.methods.filter((m) => m === 'eth_call')).toHaveLength(4);
    rpc.reset();
    await reader.value({ type: 'openArmour', armour: armours[0]!, authors: ['x:priya_nu'] }, X);
    expect(rpc.methods).toEqual(['eth_call']);
  });

  it('never name a sender the chain does not back', async () => {
    const armour = await armourOf(alice, { peerHandle: 'x:tomas_nu' }, 'hi');
    // Displayed as written by someone else: the signature is not theirs, so no sender is named.
    expect(await bob.value({ type: 'openArmour', armour, authors: ['x:lena_nu', 'x:nobody'] }, X)).toEqual({ opened: true, plaintext: 'hi', sender: null, placement: 'elsewhere', sentAt: expect.any(Number) });
  });

  it('open a composer window for a verified peer with a key, saying how much fits; never for others or a locked wallet', async () => {
    const { details, window } = await lock(alice, { peerHandle: 'x:tomas_nu' }, 'x'.repeat(8_000));
    expect(details).toEqual({ kind: 'dm', peerHandle: 'x:tomas_nu', site: 'X', origin: X, maxBytes: 7_205 });
    expect(window).toMatchObject({ ok: false, error: expect.stringContaining('at most 7,205 bytes') });
    expect((await lock(alice, { peerHandle: 'x:ivy_unvouched' }, 'hi')).page).toMatchObject({ ok: false, error: expect.stringContaining('not a verified member') });
    expect((await lock(alice, { peerHandle: 'x:kofi_nu' }, 'hi')).page).toMatchObject({ ok: false, error: expect.stringContaining('has not published a messaging key') });
    const armour = await armourOf(alice, { peerHandle: 'x:tomas_nu' }, 'later');
    await bob.value({ type: 'walletLock' });
    expect(await bob.value({ type: 'openArmour', armour, authors: ['x:priya_nu'] }, X)).toMatchObject({ opened: false, reason: 'locked' });
    await alice.value({ type: 'walletLock' });
    const locked = await lock(alice, { peerHandle: 'x:tomas_nu' }, 'hi');
    expect(locked).toEqual({ page: expect.objectContaining({ ok: false, locked: true }) });
  });

  it('hand the page nothing but the armour, nothing when the window is closed, and open one window per page', async () => {
    await carol.value({ type: 'walletUnlock', password: PASSWORD });
    const { window, page } = await lock(carol, { peerHandle: 'x:priya_nu' }, 'the plan');
    expect(page).toEqual({ ok: true, value: { armour: expect.stringMatching(/^🔒NU2:/) } });
    expect(window).toEqual({ ok: true, value: { armour: (page as { value: { armour: string } }).value.armour, recipients: ['x:priya_nu'] } });
    const opened = new Promise<string>((resolve) => (carol.onCompose = resolve));
    const asked = carol.ask({ type: 'compose', platform: 'x', peerHandle: 'x:priya_nu' }, X);
    const id = await opened;
    // One window per page at a time.
    expect(await carol.ask({ type: 'compose', platform: 'x' }, X)).toMatchObject({ ok: false, error: 'A Lock window is already open for this page.' });
    carol.service.drafts.closed(id);
    expect(await asked).toMatchObject({ ok: false, error: expect.stringContaining('closed: nothing was locked') });
    // A page cannot read or finish a draft: only the extension's window can.
    expect(await carol.ask({ type: 'composeDetails', id: 'any' }, X)).toMatchObject({ ok: false });
    expect(await carol.ask({ type: 'composeFinish', id: 'any', plaintext: 'hi', recipients: [] }, X)).toMatchObject({ ok: false });
  });

  it('say why tampered or truncated armour cannot be read', async () => {
    const armour = await armourOf(carol, { peerHandle: 'x:priya_nu' }, 'a secret plan');
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
    const text = 'Union meeting moved to 7pm, room B';
    const { details, window, page } = await lock(carol, { recipients: ['x:priya_nu'] }, `  ${text}\n`);
    expect(window).toMatchObject({ ok: true, value: { recipients: ['x:priya_nu'] } });
    const armour = page.ok ? page.value.armour : '';
    expect(armour).toMatch(/^🔒NU2~/);
    expect(xWeightedLength(armour)).toBeLessThanOrEqual(xProfile.channels.post.limit);

    if (details?.kind !== 'post') throw new Error('not a post');
    expect(details).toMatchObject({ origin: X, site: 'X', platform: 'x' });
    // Members with a published key, oneself excluded; none without a key or a verified claim.
    expect(details.picker.choices.map((choice) => choice.id).sort()).toEqual(['x:mara_union', 'x:priya_nu', 'x:tomas_nu']);
    expect(details.picker.choices.find((choice) => choice.id === 'x:priya_nu')!.label).toMatch(/^@priya_nu · \w+ of .+ · 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}$/);
    expect(details.picker).toMatchObject({ postLimit: 280, capacity: [52, -1, -1] });

    expect(await alice.value({ type: 'openArmour', armour, authors: ['x:lena_nu'] }, X)).toMatchObject({ opened: true, plaintext: text, sender: { handle: 'x:lena_nu', self: false } });
    expect(await carol.value({ type: 'openArmour', armour, authors: ['x:lena_nu'] }, X)).toMatchObject({ opened: true, plaintext: text, sender: { self: true } });
    expect(await bob.value({ type: 'openArmour', armour, authors: ['x:lena_nu'] }, X)).toMatchObject({ opened: false, reason: 'not-for-you' });
    // What a page shows after the armour (a word in Greek, say) is not taken for part of it.
    expect(await alice.value({ type: 'openArmour', armour: `${armour}λέξη`, authors: ['x:lena_nu'] }, X)).toMatchObject({ opened: true, plaintext: text });
  });

  it('lock nothing when nobody is chosen, the text is blank or too long for them, and ask to unlock before any window', async () => {
    const none = await lock(carol, { recipients: [] }, 'hi');
    expect(none.window).toMatchObject({ ok: false, error: expect.stringContaining('Choose who may read the post') });
    expect(none.page).toMatchObject({ ok: false, error: expect.stringContaining('nothing was locked') });
    expect((await lock(carol, { recipients: ['x:tomas_nu'] }, '  ')).window).toMatchObject({ ok: false, error: expect.stringContaining('Write the post first') });
    expect((await lock(carol, { recipients: ['x:tomas_nu', 'x:priya_nu'] }, 'x'.repeat(25))).window).toMatchObject({ ok: false, error: expect.stringContaining('Too long for a post') });
    // Someone never offered is never a recipient.
    expect((await lock(carol, { recipients: ['x:kofi_nu'] }, 'hi')).window).toMatchObject({ ok: false, error: expect.stringContaining('Choose who may read the post') });
    await carol.value({ type: 'walletLock' });
    expect(await lock(carol, { recipients: ['x:tomas_nu'] }, 'hi')).toEqual({ page: expect.objectContaining({ ok: false, locked: true }) });
    await carol.value({ type: 'walletUnlock', password: PASSWORD });
  });

  it("say before any click why a DM cannot be locked for a peer", async () => {
    expect(await alice.value({ type: 'lockStatus', peerHandle: 'x:tomas_nu' }, X)).toEqual({ reason: null });
    expect(await alice.value({ type: 'lockStatus', peerHandle: 'x:kofi_nu' }, X)).toEqual({ reason: expect.stringMatching(/^@kofi_nu has not published a messaging key yet\.$/) });
    expect(await alice.value({ type: 'lockStatus', peerHandle: 'x:ivy_unvouched' }, X)).toEqual({ reason: expect.stringMatching(/^@ivy_unvouched is not a verified member/) });
    expect(await alice.value({ type: 'lockStatus', peerHandle: 'not a handle' }, X)).toEqual({ reason: expect.stringContaining('one-to-one conversation') });
  });

  it("refuse a member who publishes another member's key as theirs, so a re-posted armour never reads as theirs", async () => {
    const amara = deployment.members.find((m) => m.handle === 'x:amara_nu')!;
    const priya = deployment.members.find((m) => m.handle === 'x:priya_nu')!;
    const wallet = createWalletClient({ account: privateKeyToAccount(amara.privateKey), chain: localChain(node.rpcUrl), transport: http(node.rpcUrl) });
    const publish = (key: Hex, proof: Hex) => wallet.writeContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'setEncryptionKey', args: [key, proof] });
    // priya's key as the chain shows it, with the proof her own publication carried (a replay), …
    const priyaKey = messagingKeyOf({ kind: 'privateKey', privateKey: priya.privateKey });
    const { chainId } = deployment;
    await expect(publish(priyaKey.publicKey, await messagingKeyProof(priyaKey.privateKey, priya.address, chainId, deployment.registry))).rejects.toThrow(/InvalidKeyProof/);
    // … or signed for amara by a key that is not priya's, …
    await expect(publish(priyaKey.publicKey, await messagingKeyProof(messagingKeyOf({ kind: 'privateKey', privateKey: amara.privateKey }).privateKey, amara.address, chainId, deployment.registry))).rejects.toThrow(/InvalidKeyProof/);
    // … and a key that is not a curve point are all refused on-chain.
    await expect(publish(`0x02${'ff'.repeat(32)}`, `0x${'00'.repeat(65)}`)).rejects.toThrow(/InvalidEncryptionKey/);

    expect(await alice.value({ type: 'lockStatus', peerHandle: 'x:amara_nu' }, X)).toEqual({ reason: expect.stringContaining('has not published a messaging key') });
    const armour = await armourOf(alice, { recipients: ['x:tomas_nu'] }, 'signed by priya');
    // Re-posted under amara's name: never shown as amara's.
    expect(await bob.value({ type: 'openArmour', armour, authors: ['x:amara_nu'] }, X)).toEqual({ opened: true, plaintext: 'signed by priya', sender: null, placement: 'elsewhere', sentAt: expect.any(Number) });
    expect(await bob.value({ type: 'openArmour', armour, authors: ['x:amara_nu', 'x:priya_nu'] }, X)).toMatchObject({ opened: true, sender: { handle: 'x:priya_nu' } });
    // Shown under priya's own post, where it was sealed, it is in place.
    expect(await bob.value({ type: 'openArmour', armour, authors: ['x:priya_nu'] }, X)).toMatchObject({ sender: { handle: 'x:priya_nu' }, placement: 'here' });
  });

});
