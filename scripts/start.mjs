#!/usr/bin/env node
// `npm start`: installs what is missing, then runs the demo (scripts/demo.ts).
import { spawn } from 'node:child_process';
import { ensureChromium, ensureCompiled, ensureIndexerModules, ensureNodeModules } from './bootstrap.mjs';

ensureNodeModules();
ensureIndexerModules();
ensureChromium();
ensureCompiled();
const demo = spawn('npx', ['tsx', 'scripts/demo.ts'], { cwd: import.meta.dirname + '/..', stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => demo.kill(signal));
demo.on('exit', (code) => process.exit(code ?? 0));
