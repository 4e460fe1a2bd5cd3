import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { startSeededChain } from '@/scripts/chain';
import type { Deployment } from '@/scripts/deploy';

declare module 'vitest' {
  export interface ProvidedContext {
    deployment: Deployment;
  }
}

/** Builds the extension and starts one seeded local chain for all end-to-end tests. */
export default async function setup(project: TestProject) {
  // The tests run the production build: vitest's NODE_ENV=test would change what vite emits.
  execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  const { node, deployment } = await startSeededChain();
  project.provide('deployment', deployment);
  return () => node.stop();
}
