import {
  createWalletClient,
  decodeFunctionData,
  encodeFunctionData,
  formatEther,
  http,
  type FeeValuesEIP1559,
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
import { UnionError } from '../errors';
import { chainName, formatAmount, LOCAL_DEV_CHAIN_ID } from './amounts';
import type { ApprovalDetails, ApprovalField } from './approvals';

export interface PreparedCall {
  from: Address;
  to: Address;
  data: Hex;
  value: bigint;
  /** The gas limit sent: the node's estimate plus a fifth. */
  gasLimit: bigint;
  fees: FeeValuesEIP1559;
  details: ApprovalDetails;
}

/** The insufficient-funds refusal, with the way to get funds on this chain. */
export function notEnoughEth(needed: bigint, balance: bigint, address: Address, chainId: number): UnionError {
  const fix =
    chainId === LOCAL_DEV_CHAIN_ID
      ? `On this local development chain, press "Get test ETH and UNION" on the wallet's Overview, or run: npx union fund ${address}`
      : `Send ETH on ${chainName(chainId)} to ${address} (the Receive card on the wallet's Overview), then try again.`;
  return new UnionError(
    'refused',
    `Not enough ETH to pay for this transaction: it needs up to ${formatAmount(needed)} ETH, the account has ${formatAmount(balance)} ETH. ${fix}`,
  );
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
  const [chainId, gas, balance, fees, gasPrice] = await Promise.all([
    client.getChainId(),
    client.estimateContractGas(request),
    client.getBalance({ address: from }),
    client.estimateFeesPerGas(),
    client.getGasPrice(),
  ]);
  if (chainId !== config.chainId) throw new Error(`The node is chain ${chainId}, not the configured chain ${config.chainId}: nothing was sent.`);
  const gasLimit = gas + gas / 5n;
  // The node refuses a transaction whose worst case the balance cannot cover, so that is what is checked.
  const feeCap = gasLimit * fees.maxFeePerGas;
  const likelyFee = gas * gasPrice;
  if (balance < feeCap + value) throw notEnoughEth(feeCap + value, balance, from, chainId);
  const decoded = decodeFunctionData({ abi: call.abi, data });
  const fn = call.abi.find((item) => item.type === 'function' && item.name === decoded.functionName);
  const argFields = (fn && 'inputs' in fn ? fn.inputs : []).map((input, i) => ({ label: input.name ?? `#${i}`, value: formatArg(decoded.args?.[i]) }));
  return {
    from,
    to: call.address,
    data,
    value,
    gasLimit,
    fees: { maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas },
    details: {
      kind: 'transaction',
      title: call.summary,
      fields: [
        { label: 'Call', value: `${call.contractName}.${decoded.functionName}` },
        ...argFields,
        ...(call.extraFields ?? []),
        { label: 'Value', value: `${formatEther(value)} ETH` },
        { label: 'Network fee', value: `about ${formatAmount(likelyFee)} ETH (at most ${formatAmount(feeCap)} ETH)` },
        { label: 'Total', value: `at most ${formatAmount(value + feeCap)} ETH` },
        { label: 'Chain', value: chainName(chainId) },
        { label: 'Balance', value: `${formatAmount(balance)} ETH` },
        { label: 'Contract', value: call.address, detail: true },
        { label: 'From', value: from, detail: true },
        { label: 'Gas estimate', value: `${gas.toLocaleString('en-US')} gas`, detail: true },
        { label: 'Gas limit', value: `${gasLimit.toLocaleString('en-US')} gas`, detail: true },
        { label: 'Fee cap per gas', value: `${formatEther(fees.maxFeePerGas, 'gwei')} gwei`, detail: true },
        { label: 'Data', value: data, detail: true },
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
    gas: call.gasLimit,
    // The cap shown in the approval window is the cap sent.
    maxFeePerGas: call.fees.maxFeePerGas,
    maxPriorityFeePerGas: call.fees.maxPriorityFeePerGas,
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
