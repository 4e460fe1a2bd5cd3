import type { Account, Chain, ContractFunctionArgs, ContractFunctionName, Hash, PublicClient, Transport, WalletClient } from 'viem';
import type { ChainConfig } from '../config';
import { unionRegistryAbi } from './generated/abi';

type RegistryAbi = typeof unionRegistryAbi;
export type RegistryWrite = ContractFunctionName<RegistryAbi, 'nonpayable' | 'payable'>;

export interface RegistryWriter {
  public: PublicClient;
  wallet: WalletClient<Transport, Chain, Account>;
  config: ChainConfig;
}

/**
 * Sends one registry transaction and waits for it to be mined. Simulates first, so a refusal
 * throws the contract's custom error (decoded by viem) before anything is signed.
 */
export async function writeRegistry<F extends RegistryWrite>(
  writer: RegistryWriter,
  functionName: F,
  args: ContractFunctionArgs<RegistryAbi, 'nonpayable' | 'payable', F>,
): Promise<{ hash: Hash; blockNumber: bigint }> {
  const { request } = await writer.public.simulateContract({
    account: writer.wallet.account,
    address: writer.config.registry,
    abi: unionRegistryAbi,
    functionName,
    args,
  } as never);
  const hash = await writer.wallet.writeContract(request as never);
  const receipt = await writer.public.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (receipt.status !== 'success') throw new Error(`Transaction ${hash} reverted in block ${receipt.blockNumber}.`);
  return { hash, blockNumber: receipt.blockNumber };
}
