import {
  createWalletClient,
  decodeFunctionData,
  encodeFunctionData,
  formatEther,
  http,
  type Abi,
  type Address,
  type Hex,
  type PrivateKeyAccount,
  type PublicClient,
} from 'viem';
import type { ChainConfig } from '../config';
import { unionRegistryAbi } from '../chain/generated/abi';
import type { RegistryWrite } from '../chain/write';
import type { PendingTransaction, UnionDb } from '../store/db';
import type { ApprovalDetails, ApprovalField } from './approvals';

export interface PreparedCall {
  from: Address;
  to: Address;
  data: Hex;
  value: bigint;
  gas: bigint;
  details: ApprovalDetails;
}

export interface ContractCall {
  abi: Abi;
  /** The contract's name as the approval window shows it, e.g. UnionRegistry. */
  contractName: string;
  address: Address;
  functionName: string;
  args: readonly unknown[];
  value?: bigint;
  /** One line: what happens if approved. */
  summary: string;
  /** What the member should see beyond the decoded call (e.g. the tip's recipient handle). */
  extraFields?: ApprovalField[];
}

/**
 * Encodes a call and checks it against the chain before anyone is asked to approve it: a call
 * the contract would refuse fails here with the contract's reason, a balance that cannot pay
 * fails here too, and the gas estimate shown in the approval window is the node's own.
 */
export async function prepareCall(client: PublicClient, config: ChainConfig, from: Address, call: ContractCall): Promise<PreparedCall> {
  const value = call.value ?? 0n;
  const request = { abi: call.abi, address: call.address, functionName: call.functionName, args: call.args, account: from, value } as never;
  const data = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args } as never);
  // estimateContractGas decodes a refusal into the contract's custom error.
  const [chainId, gas, balance, gasPrice] = await Promise.all([
    client.getChainId(),
    client.estimateContractGas(request),
    client.getBalance({ address: from }),
    client.getGasPrice(),
  ]);
  if (chainId !== config.chainId) throw new Error(`The node is chain ${chainId}, not the configured chain ${config.chainId}: nothing was sent.`);
  const cost = gas * gasPrice + value;
  if (balance < cost) {
    throw new Error(`Not enough ETH to pay for this transaction: it needs about ${formatEther(cost)} ETH, the account has ${formatEther(balance)} ETH.`);
  }
  const decoded = decodeFunctionData({ abi: call.abi, data });
  const fn = call.abi.find((item) => item.type === 'function' && item.name === decoded.functionName);
  const argFields = (fn && 'inputs' in fn ? fn.inputs : []).map((input, i) => ({ label: input.name ?? `#${i}`, value: formatArg(decoded.args?.[i]) }));
  return {
    from,
    to: call.address,
    data,
    value,
    gas,
    details: {
      kind: 'transaction',
      title: call.summary,
      fields: [
        { label: 'Call', value: `${call.contractName}.${decoded.functionName}` },
        ...argFields,
        ...(call.extraFields ?? []),
        { label: 'Contract', value: call.address },
        { label: 'From', value: from },
        { label: 'Value', value: `${formatEther(value)} ETH` },
        { label: 'Gas estimate', value: `${gas.toLocaleString('en-US')} gas` },
        { label: 'Chain', value: String(chainId) },
        { label: 'Balance', value: `${formatEther(balance)} ETH` },
      ],
    },
  };
}

/** A call to the union registry. */
export function registryCall(config: ChainConfig, functionName: RegistryWrite, args: readonly unknown[], summary: string): ContractCall {
  return { abi: unionRegistryAbi, contractName: 'UnionRegistry', address: config.registry, functionName, args, summary };
}

function formatArg(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object' && value !== null) {
    return JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
  }
  return String(value);
}

/**
 * Signs and sends an approved call, records it as pending (so a restarted worker watches it
 * again) and waits for it to be mined.
 */
export async function sendPrepared(
  client: PublicClient,
  config: ChainConfig,
  db: UnionDb,
  account: PrivateKeyAccount,
  call: PreparedCall,
  now: () => number = Date.now,
  record: Pick<PendingTransaction, 'tipId'> = {},
): Promise<PendingTransaction> {
  const wallet = createWalletClient({ account, transport: http(config.rpcUrl) });
  const hash = await wallet.sendTransaction({
    to: call.to,
    data: call.data,
    value: call.value,
    gas: call.gas + call.gas / 5n,
    chain: null,
  });
  const pending: PendingTransaction = {
    hash,
    summary: call.details.title,
    from: call.from,
    chainId: config.chainId,
    sentAt: now(),
    status: 'pending',
    ...record,
  };
  await db.put('transactions', pending);
  return watchTransaction(client, db, pending);
}

/** Waits for a pending transaction and records how it ended. */
export async function watchTransaction(client: PublicClient, db: UnionDb, pending: PendingTransaction): Promise<PendingTransaction> {
  const receipt = await client.waitForTransactionReceipt({ hash: pending.hash, pollingInterval: 250, timeout: 120_000 });
  const done: PendingTransaction = { ...pending, status: receipt.status === 'success' ? 'mined' : 'reverted' };
  await db.put('transactions', done);
  if (done.status === 'reverted') throw new Error(`The transaction ${pending.hash} was mined but reverted: nothing changed on-chain.`);
  return done;
}
