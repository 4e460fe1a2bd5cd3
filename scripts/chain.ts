/**
 * `npm run chain`: the embedded default chain. Starts anvil on 127.0.0.1:8545, deploys Multicall3
 * and the registry, seeds the demo union, writes the deployment file and stays up until Ctrl-C.
 */
import { resolve } from 'node:path';
import { DEFAULT_CONFIG } from '../lib/config';
import { startAnvil, type LocalNode } from './anvil';
import { deployContracts, seedDemoUnion, writeDeployment, type Deployment } from './deploy';

export const DEPLOYMENT_PATH = resolve(import.meta.dirname, '../.network-union/deployment.json');

type Log = (line: string) => void;

/** A real anvil (on a free port unless given) with the contracts deployed and the demo union seeded. */
export async function startSeededChain(port?: number, log: Log = () => undefined): Promise<{ node: LocalNode; deployment: Deployment }> {
  const node = await startAnvil(port);
  try {
    const config = await deployContracts(node.rpcUrl);
    log(`Multicall3 at ${config.multicall3}, UnionRegistry at ${config.registry}`);
    return { node, deployment: await seedDemoUnion(config, log) };
  } catch (error) {
    await node.stop();
    throw error;
  }
}

/** The local chain on the extension's default port, its deployment written to DEPLOYMENT_PATH. */
export async function startDemoChain(log: Log): Promise<{ node: LocalNode; deployment: Deployment }> {
  const port = Number(new URL(DEFAULT_CONFIG.rpcUrl).port);
  log(`starting anvil on 127.0.0.1:${port}`);
  const started = await startSeededChain(port, log).catch((error: Error) => {
    throw new Error(`${error.message}\nIs port ${port} taken (another \`npm run chain\` or \`npm start\`)? Stop it and retry.`);
  });
  if (started.deployment.registry !== DEFAULT_CONFIG.registry) {
    log(`warning: the registry is not at the extension's default ${DEFAULT_CONFIG.registry}; set it in the options page`);
  }
  writeDeployment(DEPLOYMENT_PATH, started.deployment);
  log(`deployment written to ${DEPLOYMENT_PATH}`);
  return started;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const log = (line: string) => console.log(`[chain] ${line}`);
  const startedAt = Date.now();
  const { node, deployment } = await startDemoChain(log).catch((error: Error) => {
    console.error(`[chain] ${error.message}`);
    process.exit(1);
  });
  log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${deployment.rpcUrl} (chain ${deployment.chainId}), union #${deployment.unionId} with ${deployment.members.length} members`);
  log('press Ctrl-C to stop');
  const stop = async () => {
    await node.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
