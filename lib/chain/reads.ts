import type {
  AbiEvent,
  Address,
  ContractFunctionArgs,
  ContractFunctionName,
  ContractFunctionReturnType,
  GetLogsParameters,
  GetLogsReturnType,
  PublicClient,
  ReadContractParameters,
} from 'viem';
import type { ChainConfig } from '../config';
import { unionRegistryAbi } from './generated/abi';

type RegistryAbi = typeof unionRegistryAbi;
export type RegistryView = ContractFunctionName<RegistryAbi, 'view' | 'pure'>;
export type RegistryArgs<F extends RegistryView> = ContractFunctionArgs<RegistryAbi, 'view' | 'pure', F>;
export type RegistryReturn<F extends RegistryView> = ContractFunctionReturnType<RegistryAbi, 'view' | 'pure', F>;

/** One registry view, typed from the ABI: `readRegistry(client, config, 'roleOf', [1n, member])`. */
export function readRegistry<F extends RegistryView>(
  client: PublicClient,
  config: ChainConfig,
  functionName: F,
  args: RegistryArgs<F>,
): Promise<RegistryReturn<F>> {
  const parameters = { address: config.registry, abi: unionRegistryAbi, functionName, args } as ReadContractParameters<RegistryAbi, F>;
  return client.readContract(parameters) as Promise<RegistryReturn<F>>;
}

/** Most blocks one getLogs asks for: public RPCs refuse wide ranges. */
export const LOG_RANGE = 10_000n;

/**
 * Logs of one event from `fromBlock` (default: the block the contract was deployed in, found once)
 * to the latest block, read in ranges of LOG_RANGE blocks: the one way handlers read history.
 */
export async function getLogsRanged<E extends AbiEvent>(
  client: PublicClient,
  params: { address: Address; event: E; args?: GetLogsParameters<E>['args']; fromBlock?: bigint; toBlock?: bigint },
): Promise<GetLogsReturnType<E>> {
  const latest = params.toBlock ?? (await client.getBlockNumber({ cacheTime: 0 }));
  let from = params.fromBlock ?? (await deploymentBlock(client, params.address));
  const logs: GetLogsReturnType<E>[number][] = [];
  while (from <= latest) {
    const to = from + LOG_RANGE - 1n < latest ? from + LOG_RANGE - 1n : latest;
    const range = { address: params.address, event: params.event, args: params.args, fromBlock: from, toBlock: to } as GetLogsParameters<E>;
    logs.push(...((await client.getLogs(range)) as GetLogsReturnType<E>));
    from = to + 1n;
  }
  return logs as GetLogsReturnType<E>;
}

/** Per client (one per chain setting), per contract. */
const deployments = new WeakMap<PublicClient, Map<Address, Promise<bigint>>>();

/**
 * The first block where `address` has code (binary search, once per contract), so no read starts
 * at block 0. A node that keeps no old state cannot answer: then the reads start at block 0.
 */
export function deploymentBlock(client: PublicClient, address: Address): Promise<bigint> {
  let known = deployments.get(client);
  if (!known) deployments.set(client, (known = new Map()));
  let found = known.get(address);
  if (!found) {
    found = (async () => {
      let high = await client.getBlockNumber({ cacheTime: 0 });
      let low = 0n;
      const hasCode = async (block: bigint) => ((await client.getCode({ address, blockNumber: block })) ?? '0x') !== '0x';
      if (!(await hasCode(high))) return high + 1n;
      while (low < high) {
        const middle = (low + high) / 2n;
        if (await hasCode(middle)) high = middle;
        else low = middle + 1n;
      }
      return low;
    })().catch(() => 0n);
    known.set(address, found);
  }
  return found;
}
