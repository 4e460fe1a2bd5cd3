import { startAnvil, type LocalNode } from '@/scripts/anvil';
import { deployContracts, seedDemoUnion, type Deployment } from '@/scripts/deploy';

/** A real anvil on a free port with the contracts deployed and the demo union seeded. */
export async function startSeededChain(): Promise<{ node: LocalNode; deployment: Deployment }> {
  const node = await startAnvil();
  try {
    const config = await deployContracts(node.rpcUrl);
    return { node, deployment: await seedDemoUnion(config) };
  } catch (error) {
    await node.stop();
    throw error;
  }
}

/** A fetch that records the JSON-RPC methods it carries, as the node sees them. */
export function countingFetch() {
  const methods: string[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const body = JSON.parse(String(init?.body ?? '{}'));
    for (const call of Array.isArray(body) ? body : [body]) methods.push(call.method);
    return fetch(input, init);
  };
  return { fetchFn, methods, reset: () => methods.splice(0) };
}
