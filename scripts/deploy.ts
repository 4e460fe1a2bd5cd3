import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  getAddress,
  defineChain,
  http,
  parseEther,
  sha256,
  stringToHex,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import { mnemonicToAccount, privateKeyToAccount, type HDAccount, type LocalAccount } from 'viem/accounts';
import { CANONICAL_MULTICALL3, DEFAULT_CONFIG, type ChainConfig } from '../lib/config';
import { campaignsAbi, stakeLockAbi, tipsAbi, unionLensAbi, unionRegistryAbi, unionTokenAbi } from '../lib/chain/generated/abi';
import {
  campaignsBytecode,
  multicall3RuntimeBytecode,
  stakeLockBytecode,
  tipsBytecode,
  unionLensBytecode,
  unionRegistryBytecode,
  unionTokenBytecode,
} from '../lib/chain/generated/bytecode';
import { writeRegistry, type RegistryWriter } from '../lib/chain/write';
import { formatProof } from '../lib/identity/proof';
import { DEMO_UNION, demoMembers } from './demo-union';

/** Anvil's standard development mnemonic: ten funded accounts, public knowledge, local use only. */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

export function devAccount(index: number): HDAccount {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
}

export function localChain(rpcUrl: string, chainId = 31337) {
  return defineChain({
    id: chainId,
    name: 'Local chain',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
    contracts: { multicall3: { address: CANONICAL_MULTICALL3 } },
  });
}

export function writerFor(config: ChainConfig, account: LocalAccount): RegistryWriter {
  const chain = localChain(config.rpcUrl, config.chainId);
  return {
    public: createPublicClient({ chain, transport: http(config.rpcUrl), pollingInterval: 50 }) as PublicClient,
    wallet: createWalletClient({ chain, account, transport: http(config.rpcUrl) }),
    config,
  };
}

export interface DeployedMember {
  handle: string;
  address: Address;
  privateKey: Hex;
  displayName: string;
  sponsor: string | null;
  role: 'leader' | 'officer' | 'member';
  vouched: boolean;
  /** The demo X profile's bio, proof included where the member has one. */
  bio: string;
}

export interface Deployment {
  rpcUrl: string;
  chainId: number;
  registry: Address;
  tips: Address;
  /** The UnionLens reading `registry`. */
  lens: Address;
  multicall3: Address;
  /** The demo union's token (UNION), held by the leader. */
  token: Address;
  /** The Campaigns contract reading `registry`. */
  campaigns: Address;
  /** The StakeLock bound to `registry`. */
  stakeLock: Address;
  unionId: number;
  /** The demo union's login criterion: at least `minAmount` locked with `minDuration` seconds left. */
  criterion: { minAmount: string; minDuration: number };
  union: { name: string; purpose: string; bylawsHash: Hex };
  /** Demo keys are derived from public strings: never use them outside the local chain. */
  members: DeployedMember[];
}

/** Total supply of the demo union token, all minted to the leader. */
export const DEMO_TOKEN_SUPPLY = parseEther('1000000');

/** The demo union's login criterion: 100 UNION locked with at least 90 days left. */
export const DEMO_CRITERION = { minAmount: parseEther('100'), minDuration: 90 * 24 * 3600 };

/** Demo locks, so the leader and the first officer show stake-weighted support (UNION). */
const DEMO_LOCKS: { member: number; amount: bigint; weeks: number }[] = [
  { member: 5, amount: parseEther('250'), weeks: 26 },
  { member: 6, amount: parseEther('120'), weeks: 52 },
  { member: 17, amount: parseEther('40'), weeks: 8 },
];

/**
 * Deploys Multicall3 (at its canonical address), then the registry, Tips and the lens from dev
 * account 0 (so on a fresh node they land at DEFAULT_CONFIG's addresses), then the demo union token,
 * then Campaigns (nonce 4, also in DEFAULT_CONFIG), and last StakeLock (nonce 5), which the
 * registry then binds (nonce 6).
 */
export async function deployContracts(rpcUrl: string): Promise<ChainConfig & { token: Address }> {
  const chain = localChain(rpcUrl);
  const test = createTestClient({ chain, mode: 'anvil', transport: http(rpcUrl) });
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 50 });
  await test.setCode({ address: CANONICAL_MULTICALL3, bytecode: multicall3RuntimeBytecode });
  const wallet = createWalletClient({ chain, account: devAccount(0), transport: http(rpcUrl) });
  const deploy = async (hash: Hex, name: string) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (!receipt.contractAddress) throw new Error(`The ${name} deployment produced no contract address.`);
    return getAddress(receipt.contractAddress);
  };
  const registry = await deploy(await wallet.deployContract({ abi: unionRegistryAbi, bytecode: unionRegistryBytecode }), 'registry');
  const tips = await deploy(await wallet.deployContract({ abi: tipsAbi, bytecode: tipsBytecode }), 'Tips');
  const lens = await deploy(await wallet.deployContract({ abi: unionLensAbi, bytecode: unionLensBytecode, args: [registry] }), 'lens');
  const token = await deploy(
    await wallet.deployContract({ abi: unionTokenAbi, bytecode: unionTokenBytecode, args: [devAccount(0).address, DEMO_TOKEN_SUPPLY] }),
    'union token',
  );
  const campaigns = await deploy(await wallet.deployContract({ abi: campaignsAbi, bytecode: campaignsBytecode, args: [registry] }), 'Campaigns');
  const stakeLock = await deploy(await wallet.deployContract({ abi: stakeLockAbi, bytecode: stakeLockBytecode, args: [registry] }), 'StakeLock');
  const bind = await wallet.writeContract({ address: registry, abi: unionRegistryAbi, functionName: 'bindStakeLock', args: [stakeLock] });
  await publicClient.waitForTransactionReceipt({ hash: bind, pollingInterval: 50 });
  return { ...DEFAULT_CONFIG, rpcUrl, chainId: chain.id, registry, tips, lens, multicall3: CANONICAL_MULTICALL3, token, campaigns, stakeLock };
}

/** Seeds the demo union: the leader (dev account 0), its tree, handle claims and vouches. */
export async function seedDemoUnion(config: ChainConfig & { token: Address }, log: (line: string) => void = () => undefined): Promise<Deployment> {
  const chain = localChain(config.rpcUrl, config.chainId);
  const test = createTestClient({ chain, mode: 'anvil', transport: http(config.rpcUrl) });
  const specs = demoMembers();
  const leaderAccount = devAccount(0);
  const accounts = new Map<string, LocalAccount>(
    specs.map((m) => [m.handle, m.sponsor === null ? leaderAccount : privateKeyToAccount(m.privateKey)]),
  );
  const writer = (handle: string) => writerFor(config, accounts.get(handle)!);
  const addressOf = (handle: string) => accounts.get(handle)!.address;

  const bylawsHash = sha256(stringToHex(DEMO_UNION.bylaws));
  const leader = specs.find((m) => m.sponsor === null)!;
  await writeRegistry(writer(leader.handle), 'createUnion', [DEMO_UNION.name, DEMO_UNION.purpose, bylawsHash]);
  const unionId = Number(await writer(leader.handle).public.readContract({ address: config.registry, abi: unionRegistryAbi, functionName: 'unionCount' }));
  await writeRegistry(writer(leader.handle), 'setUnionToken', [BigInt(unionId), config.token]);
  await writeRegistry(writer(leader.handle), 'publishBylaws', [BigInt(unionId), DEMO_UNION.bylaws]);
  log(`created union #${unionId} "${DEMO_UNION.name}" led by ${leader.handle}, token UNION at ${config.token}`);

  // Members join in list order (a sponsor always comes before its supporters).
  for (const m of specs) {
    if (m.sponsor !== null) {
      await test.setBalance({ address: addressOf(m.handle), value: parseEther('100') });
      await writeRegistry(writer(m.handle), 'join', [BigInt(unionId), addressOf(m.sponsor)]);
    }
    await writeRegistry(writer(m.handle), 'claimHandle', [m.handle]);
    if (m.officerTitle) await writeRegistry(writer(leader.handle), 'setOfficer', [BigInt(unionId), addressOf(m.handle), m.officerTitle]);
  }
  const firstOfficer = specs.find((m) => m.officerTitle)!;
  for (const m of specs) {
    if (!m.vouched) continue;
    await writeRegistry(writer(m.sponsor ?? firstOfficer.handle), 'vouch', [BigInt(unionId), addressOf(m.handle), m.handle]);
  }
  log(`seeded ${specs.length} members, ${specs.filter((m) => m.vouched).length} vouched`);
  await seedStake(config, unionId, DEMO_LOCKS.map((l) => ({ ...l, account: accounts.get(specs[l.member]!.handle)! })));
  log(`login criterion: ${DEMO_CRITERION.minAmount / 10n ** 18n} UNION locked for 90 days; ${DEMO_LOCKS.length} demo locks`);

  const members: DeployedMember[] = specs.map((m) => {
    const account = accounts.get(m.handle)!;
    const proofAddress = m.bioProof === 'own' ? account.address : m.bioProof === 'foreign' ? leaderAccount.address : null;
    return {
      handle: m.handle,
      address: account.address,
      privateKey: m.sponsor === null ? devPrivateKey(0) : m.privateKey,
      displayName: m.displayName,
      sponsor: m.sponsor,
      role: m.sponsor === null ? 'leader' : m.officerTitle ? 'officer' : 'member',
      vouched: m.vouched,
      bio: proofAddress ? `${m.bio} ${formatProof(proofAddress)}` : m.bio,
    };
  });
  return {
    rpcUrl: config.rpcUrl,
    chainId: config.chainId,
    registry: config.registry,
    tips: config.tips,
    lens: config.lens,
    multicall3: config.multicall3,
    token: config.token,
    campaigns: config.campaigns,
    stakeLock: config.stakeLock,
    unionId,
    criterion: { minAmount: DEMO_CRITERION.minAmount.toString(), minDuration: DEMO_CRITERION.minDuration },
    union: { name: DEMO_UNION.name, purpose: DEMO_UNION.purpose, bylawsHash },
    members,
  };
}

/** The leader sets the login criterion; each demo lock is funded by the leader, approved and locked. */
async function seedStake(config: ChainConfig, unionId: number, locks: { account: LocalAccount; amount: bigint; weeks: number }[]): Promise<void> {
  const leader = writerFor(config, devAccount(0));
  const send = async (writer: RegistryWriter, request: Parameters<RegistryWriter['wallet']['writeContract']>[0]) => {
    const hash = await writer.wallet.writeContract(request);
    const receipt = await writer.public.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== 'success') throw new Error(`Seeding stake: transaction ${hash} reverted.`);
  };
  const id = BigInt(unionId);
  const token = (await leader.public.readContract({ address: config.registry, abi: unionRegistryAbi, functionName: 'unionToken', args: [id] })) as Address;
  await send(leader, { address: config.stakeLock, abi: stakeLockAbi, functionName: 'setCriterion', args: [id, DEMO_CRITERION.minAmount, BigInt(DEMO_CRITERION.minDuration)] } as never);
  const now = (await leader.public.getBlock()).timestamp;
  for (const { account, amount, weeks } of locks) {
    const member = writerFor(config, account);
    await send(leader, { address: token, abi: unionTokenAbi, functionName: 'transfer', args: [account.address, amount] } as never);
    await send(member, { address: token, abi: unionTokenAbi, functionName: 'approve', args: [config.stakeLock, amount] } as never);
    await send(member, { address: config.stakeLock, abi: stakeLockAbi, functionName: 'lock', args: [id, amount, now + BigInt(weeks * 7 * 24 * 3600)] } as never);
  }
}

function devPrivateKey(index: number): Hex {
  const key = devAccount(index).getHdKey().privateKey;
  if (!key) throw new Error('dev account has no private key');
  return `0x${Buffer.from(key).toString('hex')}`;
}

export function writeDeployment(path: string, deployment: Deployment): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(deployment, null, 2)}\n`);
}
