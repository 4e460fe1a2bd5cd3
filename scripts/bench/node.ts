/** What members wait for in the background, timed in Node: sealing and opening a message, unlocking the vault. */
import { secp256k1 } from '@noble/curves/secp256k1';
import { bytesToHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { openMessage, sealMessage } from '../../lib/crypto/envelope';
import { decryptVault, encryptVault } from '../../lib/crypto/vault';

function keyPair() {
  const privateKey = generatePrivateKey();
  return { privateKey, publicKey: bytesToHex(secp256k1.getPublicKey(privateKey.slice(2), true)) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Calls before timing: V8 is still compiling the envelope's BigInt code for about the first 200 seals. */
export const ENVELOPE_WARM_UP = 300;

async function timed(runs: number, work: () => Promise<unknown>, warmUp = 1): Promise<number> {
  for (let i = 0; i < warmUp; i++) await work(); // the first calls compile
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * A 1 KB message sealed for two recipients (the sender gets a slot too), and opened by one of
 * them, each timed once the engine has compiled it. firstSealMs is the process's first seal, as a worker's first: the sender's account exists
 * (viem built noble's G table), nothing of the envelope's code has run or been compiled yet.
 */
export async function envelope(runs: number): Promise<{ sealMs: number; openMs: number; firstSealMs: number }> {
  const sender = privateKeyToAccount(generatePrivateKey());
  const [own, bob, carol] = [keyPair(), keyPair(), keyPair()];
  const plaintext = 'a'.repeat(1024);
  const seal = () => sealMessage({ plaintext, sender, senderMessagingPublicKey: own.publicKey, recipients: [{ publicKey: bob.publicKey }, { publicKey: carol.publicKey }] });
  const started = performance.now();
  const armour = await seal();
  const firstSealMs = performance.now() - started;
  const opened = await openMessage(armour, carol);
  if (!opened.ok || opened.plaintext !== plaintext) throw new Error('the benchmark envelope did not open');
  const open = () => openMessage(armour, carol);
  return { sealMs: await timed(runs, seal, ENVELOPE_WARM_UP), openMs: await timed(runs, open, ENVELOPE_WARM_UP), firstSealMs };
}

/** Unlocking a vault written with the shipped KDF parameters. */
export async function vaultUnlock(runs: number): Promise<number> {
  const password = 'correct horse battery staple';
  const record = await encryptVault({ kind: 'privateKey', privateKey: generatePrivateKey() }, password);
  return timed(runs, () => decryptVault(record, password));
}
