import { encodeFunctionData, erc20Abi, parseEther, parseUnits, toHex, type Address, type Hex, type PublicClient } from 'viem';
import { UnionError } from '../errors';
import { chainName, formatAmount, LOCAL_DEV_CHAIN_ID } from './amounts';

/** The local chain's first dev account: the demo deploy gives it the whole union token supply. */
export const LOCAL_DEV_FUNDER: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
export const TEST_ETH = parseEther('10');
export const TEST_TOKENS = 100n;

export interface TestToken {
  address: Address;
  symbol: string;
  decimals: number;
}

/**
 * Test money on a local development node only: raises the account's ETH by TEST_ETH through the
 * node's own balance call, and moves TEST_TOKENS of each token from the dev funder while the node
 * lets it act as that account. Test ETH has no value; nothing like it exists on a real chain.
 */
export async function fundOnLocalChain(client: PublicClient, address: Address, tokens: TestToken[]): Promise<{ eth: string; tokens: string[] }> {
  const chainId = await client.getChainId();
  if (chainId !== LOCAL_DEV_CHAIN_ID) {
    throw new UnionError('refused', `Test funds exist only on the local development chain (31337); this is ${chainName(chainId)}. Send ETH to ${address} instead.`);
  }
  const node = client as unknown as { request: (call: { method: string; params: unknown[] }) => Promise<unknown> };
  const balance = await client.getBalance({ address });
  await node.request({ method: 'anvil_setBalance', params: [address, toHex(balance + TEST_ETH)] });

  const moved: string[] = [];
  for (const token of tokens) {
    const amount = parseUnits(String(TEST_TOKENS), token.decimals);
    const held = await client.readContract({ address: token.address, abi: erc20Abi, functionName: 'balanceOf', args: [LOCAL_DEV_FUNDER] });
    if (held < amount) continue;
    await node.request({ method: 'anvil_impersonateAccount', params: [LOCAL_DEV_FUNDER] });
    try {
      const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [address, amount] });
      const hash = (await node.request({ method: 'eth_sendTransaction', params: [{ from: LOCAL_DEV_FUNDER, to: token.address, data }] })) as Hex;
      await client.waitForTransactionReceipt({ hash, pollingInterval: 100 });
    } finally {
      await node.request({ method: 'anvil_stopImpersonatingAccount', params: [LOCAL_DEV_FUNDER] });
    }
    moved.push(`${formatAmount(amount, token.decimals)} ${token.symbol}`);
  }
  return { eth: formatAmount(TEST_ETH), tokens: moved };
}
