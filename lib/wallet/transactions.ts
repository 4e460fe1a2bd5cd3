import {
  decodeFunctionData,
  encodeFunctionData,
  formatEther,
  keccak256,
  parseEther,
  BaseError,
  RpcRequestError,
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

/**
 * The most any one transaction may pay in network fees, whatever the node reports: a node that
 * misreports fees cannot make the member pay more than this (gas limit × fee cap per gas).
 */
export const MAX_NETWORK_FEE = parseEther('0.05');

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
  if (feeCap > MAX_NETWORK_FEE) {
    throw new UnionError(
      'refused',
      `The node asks for a network fee of up to ${formatAmount(feeCap)} ETH, above the ${formatEther(MAX_NETWORK_FEE)} ETH this wallet ever pays for one transaction: nothing was sent. The network may be congested, or the RPC node misreports fees.`,
    );
  }
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
 * Signs an approved call here, for the configured chain id (EIP-155) with the approved gas and
 * fee cap, and broadcasts it. The node chooses nothing but the nonce: a node of another chain
 * cannot make the signature valid there. A node that refuses it leaves nothing recorded; one that
 * does not answer leaves it recorded as pending with its signed bytes, sent again by
 * `resumePending` until it is mined or refused. Then it waits for it to be mined.
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
  const nonce = await client.getTransactionCount({ address: account.address, blockTag: 'pending' });
  const raw = await account.signTransaction({
    type: 'eip1559',
    chainId: config.chainId,
    nonce,
    to: call.to,
    data: call.data,
    value: call.value,
    gas: call.gasLimit,
    // The cap shown in the approval window is the cap sent.
    maxFeePerGas: call.fees.maxFeePerGas,
    maxPriorityFeePerGas: call.fees.maxPriorityFeePerGas,
  });
  const pending: PendingTransaction = {
    hash: keccak256(raw),
    summary: call.details.title,
    from: call.from,
    chainId: config.chainId,
    sentAt: now(),
    status: 'pending',
    raw,
    ...record,
  };
  try {
    await client.sendRawTransaction({ serializedTransaction: raw });
  } catch (error) {
    // The node answered with a refusal: nothing was sent.
    if (isRefusal(error)) throw error;
    await db.put('transactions', pending);
    throw new UnionError(
      'unreachable',
      `The node did not confirm that it took the transaction ${pending.hash} (${describe(error)}): it is kept as pending and sent again until it is mined or refused. Do not send it twice.`,
    );
  }
  await db.put('transactions', pending);
  return watchTransaction(client, db, pending);
}

/** The node answered with a JSON-RPC error (it refused the transaction), rather than failing to answer. */
function isRefusal(error: unknown): boolean {
  return error instanceof RpcRequestError || (error instanceof BaseError && error.walk((e) => e instanceof RpcRequestError) !== null);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error as { shortMessage?: string }).shortMessage ?? error.message : String(error);
}

/** Waits for a pending transaction and records how it ended. */
export async function watchTransaction(client: PublicClient, db: UnionDb, pending: PendingTransaction): Promise<PendingTransaction> {
  const receipt = await client.waitForTransactionReceipt({ hash: pending.hash, pollingInterval: 250, timeout: 120_000 });
  const done: PendingTransaction = { ...pending, status: receipt.status === 'success' ? 'mined' : 'reverted' };
  await db.put('transactions', done);
  if (done.status === 'reverted') throw new Error(`The transaction ${pending.hash} was mined but reverted: nothing changed on-chain.`);
  return done;
}

/** How long after sending a mined transaction is checked again: a reorganisation may have undone it. */
export const REORG_WINDOW_MS = 60 * 60_000;

/**
 * Brings the recorded transactions of this chain up to date: a pending one the node no longer
 * knows is sent again from its signed bytes (a refusal marks it dropped); a recently mined one
 * whose receipt is gone (a reorganisation) is pending again and sent again. Then each pending one
 * is watched to its end. Run when the background starts and after the chain fails a send.
 */
export async function resumePending(client: PublicClient, db: UnionDb, chainId: number, now: () => number = Date.now): Promise<PendingTransaction[]> {
  const recorded = (await db.getAll('transactions')).filter(
    (t) => t.chainId === chainId && (t.status === 'pending' || (t.status === 'mined' && now() - t.sentAt < REORG_WINDOW_MS)),
  );
  const results = await Promise.all(
    recorded.map(async (transaction) => {
      const receipt = await client.getTransactionReceipt({ hash: transaction.hash }).catch(() => null);
      if (receipt) {
        const done: PendingTransaction = { ...transaction, status: receipt.status === 'success' ? 'mined' : 'reverted' };
        await db.put('transactions', done);
        return done;
      }
      const known = await client.getTransaction({ hash: transaction.hash }).catch(() => null);
      let current: PendingTransaction = { ...transaction, status: 'pending' };
      let inMempool = known !== null;
      if (!known && transaction.raw) {
        try {
          await client.sendRawTransaction({ serializedTransaction: transaction.raw });
          inMempool = true;
        } catch (error) {
          if (isRefusal(error)) current = { ...current, status: 'dropped' };
        }
      }
      await db.put('transactions', current);
      // Still unanswered: kept pending for the next run.
      if (!inMempool) return current;
      return watchTransaction(client, db, current).catch(async () => (await db.get('transactions', current.hash)) ?? current);
    }),
  );
  return results;
}
