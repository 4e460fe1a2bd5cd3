#!/usr/bin/env node
// `npm test`: installs what is missing, then runs every suite in order and prints one summary:
// contracts (forge: unit, fuzz, invariant), type check, unit, chain (real anvil), end to end
// (Debian Chromium with the built extension and a real anvil).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium, ensureCompiled, ensureIndexerModules, ensureNodeModules } from './bootstrap.mjs';

const root = join(import.meta.dirname, '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });

ensureNodeModules();
ensureIndexerModules();
ensureChromium();
ensureCompiled();

const totals = { passed: 0, failed: 0 };
const timings = [];

/** Runs one suite, streaming its output, and counts its tests from what it printed or wrote. */
async function suite(name, command, args, count) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  let output = '';
  const status = await new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', resolve);
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const counted = count(output);
  totals.passed += counted.passed;
  totals.failed += counted.failed + (status !== 0 && counted.failed === 0 ? 1 : 0);
  timings.push(`${name}: ${counted.passed} passed, ${counted.failed} failed in ${seconds} s`);
  if (status !== 0) finish(`${name} failed (exit ${status})`);
}

function vitestCounts(file) {
  return () => {
    try {
      const report = JSON.parse(readFileSync(join(results, file), 'utf8'));
      return { passed: report.numPassedTests, failed: report.numFailedTests };
    } catch {
      return { passed: 0, failed: 0 };
    }
  };
}

function forgeCounts(output) {
  const match = /(\d+) tests passed, (\d+) failed/.exec(output);
  return match ? { passed: Number(match[1]), failed: Number(match[2]) } : { passed: 0, failed: 0 };
}

function finish(failure) {
  console.log('\n' + timings.join('\n'));
  if (failure) console.log(`\n${failure}`);
  console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
  process.exit(failure ? 1 : 0);
}

const vitest = (project) => [
  'vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=test-results/${project}.json`,
];

const none = () => ({ passed: 0, failed: 0 });
// Offline, against the advisories committed in security/advisories.json (npm's audit endpoints answer 405 here).
await suite('dependency audit', 'npx', ['tsx', 'scripts/audit.ts'], none);
await suite('contracts (forge)', 'npx', ['forge', 'test'], forgeCounts);
await suite('type check', 'npx', ['wxt', 'prepare'], none);
await suite('type check', 'npx', ['tsc', '--noEmit', '-p', '.'], none);
await suite('type check (indexer)', 'npx', ['tsc', '--noEmit', '-p', 'indexer'], none);
await suite('unit', 'npx', vitest('unit'), vitestCounts('unit.json'));
await suite('chain', 'npx', vitest('chain'), vitestCounts('chain.json'));
await suite('firefox build', 'npx', ['wxt', 'build', '-b', 'firefox'], none);
// Mozilla's linter on the Firefox build: no error, no warning (none is waived).
await suite('web-ext lint', 'npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv2', '--warnings-as-errors', '--no-config-discovery'], none);
await suite('end to end', 'npx', vitest('e2e'), vitestCounts('e2e.json'));
// The headless demo as a smoke test, on the extension the end-to-end tests built: every step
// done and screenshotted.
await suite('demo (smoke)', 'npx', ['tsx', 'scripts/demo.ts', '--smoke'], (output) => {
  const match = /(\d+) steps, (\d+) screenshots/.exec(output);
  return match && match[1] === match[2] && Number(match[1]) > 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
});
// The bench's short run: sizes, requests at the node, gas and layout shift against their budgets
// (times are reported only: the full `npm run bench` gates them).
await suite('bench (smoke)', 'npx', ['tsx', 'scripts/bench.ts', '--smoke'], (output) =>
  /^budgets met/m.test(output) ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 },
);
finish();
