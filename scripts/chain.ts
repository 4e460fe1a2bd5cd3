/**
 * `npm run chain`: the embedded default chain. Starts anvil on 127.0.0.1:8545, deploys Multicall3
 * and the registry, seeds the demo union, writes the deployment file and stays up until Ctrl-C.
 */
import { resolve } from 'node:path';
import { startAnvil, type LocalNode } from './anvil';
import { deployContracts, seedDemoUnion, writeDeployment, type Deployment } from './deploy';
import { DEFAULT_CONFIG } from '../lib/config';

export const DEPLOYMENT_PATH = resolve(import.meta.dirname, '../.network-union/deployment.json');

/** Starts the local chain with the demo union; shared by `npm run chain` and `npm start`. */
export async function startDemoChain(log: (line: string) => void): Promise<{ node: LocalNode; deployment: Deployment }> {
  const port = Number(new URL(DEFAULT_CONFIG.rpcUrl).port);
  log(`starting anvil on 127.0.0.1:${port}`);
  const node = await startAnvil(port).catch((error: Error) => {
    throw new Error(`${error.message}\nIs port ${port} taken (another \`npm run chain\` or \`npm start\`)? Stop it and retry.`);
  });
  const config = await deployContracts(node.rpcUrl);
  log(`Multicall3 at ${config.multicall3}, UnionRegistry at ${config.registry}`);
  if (config.registry !== DEFAULT_CONFIG.registry) {
    log(`warning: the registry is not at the extension's default ${DEFAULT_CONFIG.registry}; set it in the options page`);
  }
  const deployment = await seedDemoUnion(config, log);
  writeDeployment(DEPLOYMENT_PATH, deployment);
  log(`deployment written to ${DEPLOYMENT_PATH}`);
  return { node, deployment };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const log = (line: string) => console.log(`[chain] ${line}`);
  const started = Date.now();
  const { node, deployment } = await startDemoChain(log).catch((error: Error) => {
    console.error(`[chain] ${error.message}`);
    process.exit(1);
  });
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${deployment.rpcUrl} (chain ${deployment.chainId}), union #${deployment.unionId} with ${deployment.members.length} members`);
  log('press Ctrl-C to stop');
  const stop = async () => {
    await node.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
