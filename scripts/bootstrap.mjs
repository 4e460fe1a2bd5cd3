// Installs what `npm start` and `npm test` need on a fresh machine: npm packages, Debian's
// Chromium. Plain Node with no dependencies, because it runs before `npm ci`.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
const root = join(import.meta.dirname, '..');

function step(message) {
  console.log(`\n▶ ${message}`);
}

function run(command) {
  execSync(command, { cwd: root, stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export function ensureNodeModules() {
  const marker = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  step('Installing npm packages (npm ci)');
  run('npm ci --no-audit --no-fund');
}

/** The indexer (indexer/) is its own package: Ponder pins its own vite, which must not meet the extension's. */
export function ensureIndexerModules() {
  const marker = join(root, 'indexer/node_modules/.package-lock.json');
  const lock = join(root, 'indexer/package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  step("Installing the indexer's npm packages (npm ci --prefix indexer)");
  run('npm ci --prefix indexer --no-audit --no-fund');
}

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium is missing at ${CHROMIUM}. Install it with: sudo apt-get install -y chromium`);
  }
  step("Installing Chromium from Debian's packages (apt-get install chromium)");
  run('apt-get update -qq');
  run('apt-get install -y -qq chromium');
}

export function ensureCompiled() {
  run('node scripts/compile-contracts.mjs');
}
