/**
 * `npx union …`: the registry from the command line, for leaders and scripts.
 * Every command prints a human summary, or JSON with --json; refusals print the contract's reason.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bytesToHex, createPublicClient, erc20Abi, getAddress, http, isAddress, sha256, stringToHex, zeroAddress, type Address, type Hex, type PublicClient } from 'viem';
import { privateKeyToAccount, type LocalAccount } from 'viem/accounts';
import { describeChainError } from '../lib/chain/errors';
import { unionRegistryAbi } from '../lib/chain/generated/abi';
import { readRegistry, type RegistryArgs, type RegistryView } from '../lib/chain/reads';
import { ROLES } from '../lib/chain/types';
import { writeRegistry, type RegistryWrite } from '../lib/chain/write';
import { DEFAULT_CONFIG, validateConfig, type ChainConfig } from '../lib/config';
import { parseHandle } from '../lib/identity/handles';
import { formatProof } from '../lib/identity/proof';
import { messagingKeyOf, messagingKeyProof } from '../lib/wallet/keys';
import { fundOnLocalChain } from '../lib/wallet/test-funds';
import { decodeInviteCode, encodeInviteCode, inviteTypedData } from '../lib/wallet/typed-data';
import { devAccount, localChain, writerFor } from './deploy';
import { CAMPAIGN_USAGE, runCampaign } from './cli-campaign';

const USAGE = `Usage: union <command> [options]

Commands:
  create-union --name NAME --purpose TEXT [--bylaws FILE]   create a union; you become its leader
  join --union ID --sponsor ADDRESS|HANDLE                   support a member of the union
  join --union ID --invite CODE                              join with an invite made for your address
  invite --union ID --for ADDRESS|HANDLE [--days N]          sign an invite for one newcomer (default 7 days)
  claim HANDLE                                               claim a handle, e.g. x:alice
  unclaim HANDLE                                             give a handle up
  vouch --union ID --member ADDRESS|HANDLE [--handle HANDLE] vouch for a member's handle claim
  challenge --union ID --member ADDRESS --handle HANDLE      (leader, officer) after checking the member's bio
                                                             proof, challenge another address's claim of it
  take HANDLE                                                take over a handle whose challenge period passed
  publish-key                                                publish your messaging key (it signs your account)
  set-policy --union ID --policy open|invite-only           (leader) who may join
  set-officer --union ID --member ADDRESS|HANDLE --title T  (leader) appoint an officer
  remove-officer --union ID --member ADDRESS|HANDLE         (leader) remove an officer
  show ADDRESS|HANDLE [--union ID]                           union, role, sponsor, counts, claims
  proof [ADDRESS]                                            the exact bio proof text (default: your account)
  fund ADDRESS|HANDLE [--union ID]                           local dev chain only: 10 test ETH and 100 of the
                                                             union's token (default: union 1)
${CAMPAIGN_USAGE}

Options:
  --rpc URL          JSON-RPC endpoint (default ${DEFAULT_CONFIG.rpcUrl}, or $UNION_RPC_URL)
  --registry ADDR    UnionRegistry address (default ${DEFAULT_CONFIG.registry}, or $UNION_REGISTRY)
  --key 0x…          private key that signs (or $UNION_PRIVATE_KEY)
  --account N        sign with local dev account N (0-9) of the local chain instead of --key
  --json             print JSON
  -h, --help         this help`;

class UsageError extends Error {}

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rpc: { type: 'string' },
    registry: { type: 'string' },
    key: { type: 'string' },
    account: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
    name: { type: 'string' },
    purpose: { type: 'string' },
    bylaws: { type: 'string' },
    union: { type: 'string' },
    sponsor: { type: 'string' },
    invite: { type: 'string' },
    for: { type: 'string' },
    member: { type: 'string' },
    handle: { type: 'string' },
    policy: { type: 'string' },
    title: { type: 'string' },
    target: { type: 'string' },
    'target-url': { type: 'string' },
    demand: { type: 'string' },
    step: { type: 'string', multiple: true },
    kind: { type: 'string' },
    goal: { type: 'string' },
    token: { type: 'boolean' },
    payee: { type: 'string' },
    days: { type: 'string' },
    amount: { type: 'string' },
    outcome: { type: 'string' },
    evidence: { type: 'string' },
    document: { type: 'string' },
  },
});

function print(human: string, json: unknown) {
  console.log(options.json ? JSON.stringify(json, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2) : human);
}

async function connect(): Promise<{ config: ChainConfig; client: PublicClient }> {
  const rpcUrl = options.rpc ?? process.env.UNION_RPC_URL ?? DEFAULT_CONFIG.rpcUrl;
  const registry = options.registry ?? process.env.UNION_REGISTRY ?? DEFAULT_CONFIG.registry;
  const probe = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 5_000 }) });
  const chainId = await probe.getChainId().catch((error) => {
    throw new Error(`Cannot reach the chain at ${rpcUrl}: ${describeChainError(error)}`);
  });
  const validation = validateConfig({ rpcUrl, chainId, registry });
  if (!validation.ok) throw new UsageError(Object.entries(validation.errors).map(([k, v]) => `--${k}: ${v}`).join('\n'));
  const config = validation.config;
  const client = createPublicClient({ chain: localChain(config.rpcUrl, config.chainId), transport: http(config.rpcUrl) }) as PublicClient;
  const code = await client.getCode({ address: config.registry });
  if (!code || code === '0x') throw new Error(`There is no contract at ${config.registry} on chain ${chainId} (${rpcUrl}). Check --registry.`);
  return { config, client };
}

/** The private key that signs: --account N's on the local chain, or --key / $UNION_PRIVATE_KEY. */
function signerKey(): Hex {
  const key = options.key ?? process.env.UNION_PRIVATE_KEY;
  if (options.account !== undefined) {
    const index = Number(options.account);
    if (!Number.isInteger(index) || index < 0 || index > 9) throw new UsageError('--account is a local dev account index, 0 to 9.');
    return bytesToHex(devAccount(index).getHdKey().privateKey!);
  }
  if (!key) throw new UsageError('This command signs a transaction: give --key 0x… (or $UNION_PRIVATE_KEY), or --account N on the local chain.');
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new UsageError('--key is 0x followed by 64 hexadecimal characters.');
  return key as Hex;
}

function signer(): LocalAccount {
  return privateKeyToAccount(signerKey());
}

function unionId(): bigint {
  if (!options.union || !/^\d+$/.test(options.union) || options.union === '0') throw new UsageError('--union is a union id (1, 2, …).');
  return BigInt(options.union);
}

function requireHandle(text: string | undefined): string {
  const handle = text && parseHandle(text);
  if (!handle) throw new UsageError(`"${text ?? ''}" is not a handle: write platform:name, e.g. x:alice or facebook:alice.smith.`);
  return handle;
}

/** An address, or the owner of a handle. */
async function resolveAccount(client: PublicClient, config: ChainConfig, text: string | undefined): Promise<Address> {
  if (text && isAddress(text, { strict: true })) return getAddress(text);
  const handle = requireHandle(text);
  const owner = await client.readContract({ address: config.registry, abi: unionRegistryAbi, functionName: 'ownerOfHandle', args: [handle] });
  if (owner === '0x0000000000000000000000000000000000000000') throw new Error(`No address claims ${handle}.`);
  return owner;
}

async function send<F extends RegistryWrite>(config: ChainConfig, functionName: F, args: readonly unknown[]) {
  const account = signer();
  const result = await writeRegistry(writerFor(config, account), functionName, args as never);
  return { ...result, from: account.address };
}

async function run(): Promise<void> {
  const [command, argument] = positionals;
  if (options.help || !command) {
    console.log(USAGE);
    return;
  }
  if (command === 'proof' && argument) {
    if (!isAddress(argument, { strict: true })) throw new UsageError(`${argument} is not an address (mixed-case addresses must carry a valid checksum).`);
    const proof = formatProof(argument);
    return print(proof, { address: getAddress(argument), proof });
  }
  if (command === 'proof') {
    const account = signer();
    return print(formatProof(account.address), { address: account.address, proof: formatProof(account.address) });
  }

  const { config, client } = await connect();
  const read = <F extends RegistryView>(functionName: F, args: RegistryArgs<F>) => readRegistry(client, config, functionName, args);

  switch (command) {
    case 'create-union': {
      if (!options.name) throw new UsageError('create-union needs --name.');
      const bylaws = options.bylaws ? readFileSync(options.bylaws, 'utf8') : '';
      const bylawsHash = sha256(stringToHex(bylaws));
      const tx = await send(config, 'createUnion', [options.name, options.purpose ?? '', bylawsHash]);
      const id = await read('unionCount', []);
      // Published with the union, so members read the text they accept.
      if (bylaws) await send(config, 'publishBylaws', [id, bylaws]);
      return print(`Created union #${id} "${options.name}" (bylaws ${bylawsHash}${bylaws ? ', text published' : ''}); leader ${tx.from}. tx ${tx.hash}`, { unionId: id, bylawsHash, ...tx });
    }
    case 'join': {
      const id = unionId();
      if (options.invite) {
        const decoded = decodeInviteCode(options.invite);
        if (!decoded.ok) throw new UsageError(decoded.reason);
        if (decoded.invite.invitee !== signer().address) throw new UsageError(`This invite is for ${decoded.invite.invitee}, not for ${signer().address}.`);
        const tx = await send(config, 'joinWithInvite', [id, decoded.invite, decoded.signature]);
        return print(`${tx.from} joined union #${id} under ${decoded.invite.sponsor} with an invite. tx ${tx.hash}`, { unionId: id, sponsor: decoded.invite.sponsor, ...tx });
      }
      const sponsor = await resolveAccount(client, config, options.sponsor);
      const tx = await send(config, 'join', [id, sponsor]);
      return print(`${tx.from} joined union #${id} under ${sponsor}. tx ${tx.hash}`, { unionId: id, sponsor, ...tx });
    }
    case 'claim':
    case 'unclaim': {
      const handle = requireHandle(argument);
      if (command === 'claim') {
        // Claiming again what one owns would be refused as HandleTaken by one's own address.
        const self = signer().address;
        if ((await read('ownerOfHandle', [handle])) === self) {
          const proof = formatProof(self);
          return print(`You already own ${handle}: here is your proof for the profile's bio: ${proof}`, { handle, proof, alreadyOwned: true, from: self });
        }
      }
      const tx = await send(config, command === 'claim' ? 'claimHandle' : 'unclaimHandle', [handle]);
      const proof = formatProof(tx.from);
      const human = command === 'claim' ? `${tx.from} claims ${handle}. Put this in the profile's bio: ${proof}` : `${tx.from} gave up ${handle}.`;
      return print(`${human} tx ${tx.hash}`, { handle, ...(command === 'claim' ? { proof } : {}), ...tx });
    }
    case 'vouch': {
      const id = unionId();
      const member = await resolveAccount(client, config, options.member);
      const handle = requireHandle(options.handle ?? (parseHandle(options.member ?? '') ? options.member : undefined));
      const tx = await send(config, 'vouch', [id, member, handle]);
      return print(`${tx.from} vouched for ${member}'s claim of ${handle} in union #${id}. tx ${tx.hash}`, { unionId: id, member, handle, ...tx });
    }
    case 'invite': {
      const id = unionId();
      const days = Number(options.days ?? 7);
      if (!Number.isInteger(days) || days < 1 || days > 90) throw new UsageError('--days is 1 to 90.');
      const invitee = await resolveAccount(client, config, options.for);
      const block = await client.getBlock();
      const invite = { unionId: id, sponsor: signer().address, invitee, nonce: bytesToHex(crypto.getRandomValues(new Uint8Array(32))), expiry: block.timestamp + BigInt(days * 86_400) };
      const code = encodeInviteCode(invite, await signer().signTypedData(inviteTypedData(invite, config.chainId, config.registry)));
      return print(`Invite to union #${id} for ${invitee}, valid ${days} days:\n${code}`, { unionId: id, invitee, expiry: invite.expiry, code });
    }
    case 'challenge': {
      const id = unionId();
      if (!options.member || !isAddress(options.member, { strict: true })) throw new UsageError('--member is the address whose bio proof you checked.');
      const handle = requireHandle(options.handle);
      const tx = await send(config, 'challengeHandle', [id, getAddress(options.member), handle]);
      return print(`${tx.from} challenged the claim of ${handle} for ${options.member}; they may take it over in 7 days unless union #${id} backs the holder. tx ${tx.hash}`, { unionId: id, member: getAddress(options.member), handle, ...tx });
    }
    case 'take': {
      const handle = requireHandle(argument);
      const tx = await send(config, 'takeHandle', [handle]);
      return print(`${tx.from} took over ${handle}. tx ${tx.hash}`, { handle, ...tx });
    }
    case 'publish-key': {
      const account = signer();
      const messaging = messagingKeyOf({ kind: 'privateKey', privateKey: signerKey() });
      const proof = await messagingKeyProof(messaging.privateKey, account.address, config.chainId, config.registry);
      const tx = await send(config, 'setEncryptionKey', [messaging.publicKey, proof]);
      return print(`${tx.from} published messaging key ${messaging.publicKey}. tx ${tx.hash}`, { publicKey: messaging.publicKey, ...tx });
    }
    case 'set-policy': {
      const id = unionId();
      const policies = { open: 0, 'invite-only': 1 } as const;
      const policy = policies[options.policy as keyof typeof policies];
      if (policy === undefined) throw new UsageError('--policy is open or invite-only.');
      const tx = await send(config, 'setAdmissionPolicy', [id, policy]);
      return print(`Union #${id} now admits ${options.policy === 'open' ? 'anyone a member sponsors' : 'by invitation only'}. tx ${tx.hash}`, { unionId: id, policy: options.policy, ...tx });
    }
    case 'set-officer':
    case 'remove-officer': {
      const id = unionId();
      const member = await resolveAccount(client, config, options.member);
      if (command === 'set-officer' && !options.title) throw new UsageError('set-officer needs --title, e.g. --title Treasurer.');
      const tx =
        command === 'set-officer'
          ? await send(config, 'setOfficer', [id, member, options.title])
          : await send(config, 'removeOfficer', [id, member]);
      const human = command === 'set-officer' ? `${member} is now ${options.title} of union #${id}.` : `${member} is no longer an officer of union #${id}.`;
      return print(`${human} tx ${tx.hash}`, { unionId: id, member, title: options.title ?? null, ...tx });
    }
    case 'show':
      return show(argument, config, client);
    case 'campaign':
      return runCampaign(argument, positionals[2], { config, client, options, signer, print, usage: (message) => new UsageError(message) });
    case 'fund': {
      if (!argument) throw new UsageError('fund needs an address or a handle.');
      const address = await resolveAccount(client, config, argument);
      const id = options.union ? unionId() : 1n;
      const token = (await read('unionCount', [])) >= id ? await read('unionToken', [id]) : zeroAddress;
      const tokens =
        token === zeroAddress
          ? []
          : [{ address: token, symbol: await client.readContract({ address: token, abi: erc20Abi, functionName: 'symbol' }), decimals: await client.readContract({ address: token, abi: erc20Abi, functionName: 'decimals' }) }];
      const funded = await fundOnLocalChain(client, address, tokens);
      return print(`Sent ${[`${funded.eth} test ETH`, ...funded.tokens].join(' and ')} to ${address}.`, { address, ...funded });
    }
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

async function show(
  argument: string | undefined,
  config: ChainConfig,
  client: PublicClient,
) {
  if (!argument) throw new UsageError('show needs an address or a handle.');
  const read = <F extends RegistryView>(functionName: F, args: RegistryArgs<F>) => readRegistry(client, config, functionName, args);
  const address = await resolveAccount(client, config, argument);
  const claims = await read('claimsOf', [address]);
  const ids = options.union ? [unionId()] : await read('unionsOf', [address]);
  const memberships = [];
  for (const id of ids) {
    const role = ROLES[await read('roleOf', [id, address])] ?? 'none';
    if (role === 'none') continue;
    const [, name] = await read('getUnion', [id]);
    const sponsor = await read('sponsorOf', [id, address]);
    const vouches = await Promise.all(claims.map(async (handle) => ({ handle, vouched: (await read('vouchOf', [id, address, handle]))[0] })));
    memberships.push({
      unionId: id,
      union: name,
      role,
      officerTitle: await read('officerTitle', [id, address]),
      sponsor: sponsor === '0x0000000000000000000000000000000000000000' ? null : sponsor,
      directSupporters: await read('directSupporters', [id, address]),
      supportBase: await read('supportBase', [id, address]),
      vouchedClaims: vouches.filter((v) => v.vouched).map((v) => v.handle),
    });
  }
  const lines = [`${address}`, `  claims: ${claims.length ? claims.join(', ') : 'none'}`];
  if (memberships.length === 0) lines.push('  not a member of any union');
  for (const m of memberships) {
    lines.push(
      `  union #${m.unionId} ${m.union}: ${m.role}${m.officerTitle ? ` (${m.officerTitle})` : ''}`,
      `    sponsor: ${m.sponsor ?? 'none (leader)'}`,
      `    support base: ${m.supportBase}, direct supporters: ${m.directSupporters}`,
      `    vouched claims: ${m.vouchedClaims.length ? m.vouchedClaims.join(', ') : 'none'}`,
    );
  }
  print(lines.join('\n'), { address, claims, memberships });
}

try {
  await run();
} catch (error) {
  const message = error instanceof UsageError ? error.message : describeChainError(error);
  if (options.json) console.log(JSON.stringify({ error: message }));
  else console.error(`union: ${message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
}
