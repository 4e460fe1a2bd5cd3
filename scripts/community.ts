/**
 * `npm run community`: the example community service (examples/community) for the chain of
 * `npm run chain`, reading its deployment file. It listens on 127.0.0.1 (PORT, default 4310) and
 * expects to be reached at ORIGIN (default https://members.example, as the demo maps it): Sign in
 * with Union is offered on https pages only, so put it behind TLS under that name.
 */
import { readFileSync } from 'node:fs';
import type { Deployment } from './deploy';
import { DEPLOYMENT_PATH } from './chain';
import { startCommunityService } from '../examples/community/server';

const deployment = JSON.parse(readFileSync(DEPLOYMENT_PATH, 'utf8')) as Deployment;
const origin = process.env.ORIGIN ?? 'https://members.example';
const service = await startCommunityService({
  origin,
  rpcUrl: deployment.rpcUrl,
  chainId: deployment.chainId,
  stakeLock: deployment.stakeLock,
  unionId: deployment.unionId,
  port: Number(process.env.PORT ?? 4310),
});
console.log(`[community] ${service.url} for ${origin}: members of union #${deployment.unionId} with at least the union's criterion locked. Ctrl-C stops it.`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void service.stop().then(() => process.exit(0)));
