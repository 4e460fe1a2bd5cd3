import {
  BaseError,
  ContractFunctionRevertedError,
  createWalletClient,
  decodeFunctionData,
  encodeFunctionData,
  formatEther,
  http,
  InsufficientFundsError,
  NonceTooLowError,
  type Address,
  type Hex,
  type PrivateKeyAccount,
  type PublicClient,
} from 'viem';
import type { ChainConfig } from '../config';
import { describeChainError } from '../chain/errors';
import { unionRegistryAbi } from '../chain/generated/abi';
import type { RegistryWrite } from '../chain/write';
import type { PendingTransaction, UnionDb } from '../store/db';
import type { ApprovalDetails } from './approvals';

export interface PreparedCall {
  from: Address;
  to: Address;
  data: Hex;
  gas: bigint;
  details: ApprovalDetails;
}

/**
 * Encodes a registry call and checks it against the chain before anyone is asked to approve it:
 * a call the registry would refuse fails here with the contract's reason, and the gas estimate
 * shown in the approval window is the node's own.
 */
export async function prepareRegistryCall(
  client: PublicClient,
  config: ChainConfig,
  from: Address,
  functionName: RegistryWrite,
  args: readonly unknown[],
  summary: string,
): Promise<PreparedCall> {
  const call = { abi: unionRegistryAbi, address: config.registry, functionName, args, account: from } as never;
  const data = encodeFunctionData({ abi: unionRegistryAbi, functionName, args } as never);
  // estimateContractGas decodes a refusal into the registry's custom error.
  const [chainId, gas, balance, gasPrice] = await Promise.all([
    client.getChainId(),
    client.estimateContractGas(call),
    client.getBalance({ address: from }),
    client.getGasPrice(),
  ]);
  if (chainId !== config.chainId) throw new Error(`The node is chain ${chainId}, not the configured chain ${config.chainId}: nothing was sent.`);
  // Refuse before asking for approval: an approved transaction that cannot pay helps no one.
  const cost = gas * gasPrice;
  if (balance < cost) {
    throw new Error(`Not enough ETH to pay for this transaction: it needs about ${formatEther(cost)} ETH, the account has ${formatEther(balance)} ETH.`);
  }
  const decoded = decodeFunctionData({ abi: unionRegistryAbi, data });
  const inputs = unionRegistryAbi.find((item) => item.type === 'function' && item.name === decoded.functionName)!;
  const argFields = ('inputs' in inputs ? inputs.inputs : []).map((input, i) => ({
    label: input.name,
    value: formatArg(decoded.args?.[i]),
  }));
  return {
    from,
    to: config.registry,
    data,
    gas,
    details: {
      kind: 'transaction',
      title: summary,
      fields: [
        { label: 'Call', value: `UnionRegistry.${decoded.functionName}` },
        ...argFields,
        { label: 'Contract', value: config.registry },
        { label: 'From', value: from },
        { label: 'Value', value: '0 ETH' },
        { label: 'Gas estimate', value: `${gas.toLocaleString('en-US')} gas` },
        { label: 'Chain', value: String(chainId) },
        { label: 'Balance', value: `${formatEther(balance)} ETH` },
      ],
    },
  };
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
): Promise<PendingTransaction> {
  const wallet = createWalletClient({ account, transport: http(config.rpcUrl) });
  const hash = await wallet.sendTransaction({
    to: call.to,
    data: call.data,
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

/** Errors of sending, in words a person can act on. */
export function describeSendError(error: unknown): string {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof InsufficientFundsError)) {
      return 'Not enough ETH to pay for this transaction: fund the account and try again.';
    }
    if (error.walk((e) => e instanceof NonceTooLowError)) {
      return 'The account sent another transaction in the meantime (nonce too low): try again.';
    }
    if (error.walk((e) => e instanceof ContractFunctionRevertedError)) return describeChainError(error);
  }
  return describeChainError(error);
}
