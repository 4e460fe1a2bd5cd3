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

/** Runs `npm ci` in `dir` unless its node_modules is at least as new as its lockfile. */
function ensurePackages(dir, message, command) {
  const marker = join(root, dir, 'node_modules/.package-lock.json');
  const lock = join(root, dir, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  step(message);
  run(command);
}

export function ensureNodeModules() {
  ensurePackages('.', 'Installing npm packages (npm ci)', 'npm ci --no-audit --no-fund');
}

/** The indexer (indexer/) is its own package: Ponder pins its own vite, which must not meet the extension's. */
export function ensureIndexerModules() {
  ensurePackages('indexer', "Installing the indexer's npm packages (npm ci --prefix indexer)", 'npm ci --prefix indexer --no-audit --no-fund');
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
