#!/usr/bin/env node
// Lets forge use the npm solc (solc-js) offline: forge calls this with --version or --standard-json.
const solc = require('solc');

if (process.argv.includes('--version')) {
  console.log(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}`);
  process.exit(0);
}
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => process.stdout.write(solc.compile(input)));
