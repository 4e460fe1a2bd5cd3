/**
 * The Ponder indexer (indexer/) as a child process: started on a deployment, waited on until it
 * has indexed a block, stopped. `npm start`, the tests and the bench all start it through here.
 * Run alone, `npx tsx scripts/indexer.ts` indexes the chain of `.network-union/deployment.json`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChainConfig } from '../lib/config';
import { freePort } from './anvil';

/** Where `npm start` and `npx tsx scripts/indexer.ts` serve it: Ponder's usual port. */
export const INDEXER_PORT = 42069;
export const INDEXER_DIR = resolve(import.meta.dirname, '../indexer');
const PONDER_BIN = join(INDEXER_DIR, 'node_modules/ponder/dist/esm/bin/ponder.js');

export interface Indexer {
  url: string;
  port: number;
  /** The last block the indexer has applied, from its /status. */
  indexedBlock(): Promise<number>;
  /** Resolves once the indexer has applied `block` (and every block before it). */
  waitForBlock(block: number | bigint, timeoutMs?: number): Promise<void>;
  /** Everything the indexer printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface IndexerOptions {
  /** Port for its HTTP server; a free one by default. */
  port?: number;
  /** The registry's deployment block: nothing before it is read. */
  startBlock?: number;
  /** Postgres connection string; the embedded PGlite in a fresh directory otherwise. */
  databaseUrl?: string;
  /** The Postgres schema its tables go in (`ponder start` requires one); DATABASE_SCHEMA or "union" by default. */
  schema?: string;
  /** How often it polls the chain's head, ms (default 200: a local chain makes blocks on demand). */
  pollingMs?: number;
  log?: (line: string) => void;
}

/**
 * An empty PGlite database, made once per PGlite version and copied for each fresh indexer:
 * creating one (initdb inside WebAssembly) is most of an indexer's start-up on a busy machine.
 */
async function pgliteTemplate(): Promise<string> {
  const { version } = JSON.parse(readFileSync(join(INDEXER_DIR, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  const template = join(tmpdir(), `nu-pglite-${version}`);
  if (existsSync(template)) return template;
  const making = mkdtempSync(`${template}-`);
  const script = `const { PGlite } = await import('@electric-sql/pglite'); const db = new PGlite(${JSON.stringify(making)}); await db.waitReady; await db.close();`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: INDEXER_DIR, stdio: 'ignore' });
  // Renamed into place whole, so a concurrent start never copies a half-made one.
  try {
    renameSync(making, template);
  } catch {
    rmSync(making, { recursive: true, force: true });
  }
  return template;
}

/** Whether indexer/'s packages are installed (`npm ci --prefix indexer`). */
export function indexerInstalled(): boolean {
  return existsSync(PONDER_BIN);
}

/** Starts `ponder start` over the contracts of `config` and waits until its server answers. */
export async function startIndexer(config: ChainConfig, options: IndexerOptions = {}): Promise<Indexer> {
  if (!indexerInstalled()) {
    throw new Error('The indexer is not installed: run `npm ci --prefix indexer` (npm start and npm test do it for you).');
  }
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const dataDir = options.databaseUrl ? null : mkdtempSync(join(tmpdir(), 'nu-indexer-'));
  if (dataDir) cpSync(await pgliteTemplate(), dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    UNION_RPC_URL: config.rpcUrl,
    UNION_CHAIN_ID: String(config.chainId),
    UNION_REGISTRY: config.registry,
    UNION_TIPS: config.tips,
    UNION_CAMPAIGNS: config.campaigns,
    UNION_STAKE_LOCK: config.stakeLock,
    UNION_START_BLOCK: String(options.startBlock ?? 0),
    UNION_POLLING_MS: String(options.pollingMs ?? 200),
    PONDER_TELEMETRY_DISABLED: 'true',
    DATABASE_URL: options.databaseUrl ?? '',
    ...(dataDir ? { PONDER_PGLITE_DIR: dataDir } : {}),
  };
  if (!options.databaseUrl) delete env.DATABASE_URL;
  const child: ChildProcess = spawn(
    process.execPath,
    [PONDER_BIN, 'start', '--root', INDEXER_DIR, '--port', String(port), '--hostname', '127.0.0.1', '--schema', options.schema ?? process.env.DATABASE_SCHEMA ?? 'union', '--log-format', 'json', '--log-level', process.env.INDEXER_LOG_LEVEL ?? 'warn'],
    { cwd: INDEXER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    for (const line of chunk.toString().split('\n')) if (line.trim()) options.log?.(line.trim());
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const cleanUp = () => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  const indexedBlock = async (): Promise<number> => {
    const response = await fetch(`${url}/status`);
    if (!response.ok) throw new Error(`The indexer's /status answered ${response.status}.`);
    const status = (await response.json()) as Record<string, { id: number; block: { number: number } }>;
    const chain = Object.values(status).find((s) => s.id === config.chainId);
    return chain?.block.number ?? -1;
  };

  const indexer: Indexer = {
    url,
    port,
    indexedBlock,
    async waitForBlock(block, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`The indexer exited (code ${child.exitCode}):\n${output.slice(-3_000)}`);
        const reached = await indexedBlock().catch(() => -1);
        if (reached >= Number(block)) return;
        if (Date.now() > deadline) throw new Error(`The indexer reached block ${reached}, not ${block}, within ${timeoutMs / 1000} s.\n${output.slice(-3_000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      // Ponder shuts down gracefully; a hung one is not worth waiting for.
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      cleanUp();
    },
  };

  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) {
      cleanUp();
      throw new Error(`The indexer exited (code ${child.exitCode}) before serving:\n${output.slice(-3_000)}`);
    }
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return indexer;
    if (Date.now() > deadline) {
      await indexer.stop();
      throw new Error(`The indexer did not serve ${url} within 180 s.\n${output.slice(-3_000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface CatchUp {
  blocks: number;
  events: number;
  /** From the indexer's start to its applying the head: build, database, fetch and indexing. */
  seconds: number;
  blocksPerSecond: number;
  eventsPerSecond: number;
  /** Serving the first request to applying the head: fetch and indexing alone. */
  indexingSeconds: number;
}

/**
 * Starts a fresh indexer on `config`'s chain, waits until it has applied `head` (the chain's
 * current block by default) and says how fast it got there; the indexer is left running.
 */
export async function measureCatchUp(config: ChainConfig, head: number, options: IndexerOptions = {}): Promise<{ indexer: Indexer; catchUp: CatchUp }> {
  const started = performance.now();
  const indexer = await startIndexer(config, options);
  const serving = performance.now();
  await indexer.waitForBlock(head, 30 * 60_000);
  const done = performance.now();
  const events = await indexedEvents(indexer.url);
  const seconds = (done - started) / 1000;
  const blocks = head - (options.startBlock ?? 0) + 1;
  return {
    indexer,
    catchUp: { blocks, events, seconds, blocksPerSecond: blocks / seconds, eventsPerSecond: events / seconds, indexingSeconds: (done - serving) / 1000 },
  };
}

/** Events the indexer has applied, from its Prometheus metrics. */
export async function indexedEvents(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const [, value] of text.matchAll(/^ponder_indexing_completed_events\{[^}]*\} (\d+(?:\.\d+)?)$/gm)) total += Number(value);
  return total;
}

/** Median wall time of `runs` GETs of `path`, after one warm-up, in ms. */
export async function measureQuery(url: string, path: string, runs = 5): Promise<number> {
  const once = async () => {
    const started = performance.now();
    const response = await fetch(url + path);
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
    return performance.now() - started;
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = resolve(import.meta.dirname, '../.network-union/deployment.json');
  if (!existsSync(path)) {
    console.error(`[indexer] no deployment at ${path}: start the chain first (npm run chain).`);
    process.exit(1);
  }
  const deployment = JSON.parse(readFileSync(path, 'utf8')) as ChainConfig;
  const indexer = await startIndexer(deployment, { port: INDEXER_PORT, databaseUrl: process.env.DATABASE_URL, pollingMs: 1000, log: (line) => console.log(`[indexer] ${line}`) });
  console.log(`[indexer] serving ${indexer.url} (GraphQL at /graphql, SQL at /sql, status at /status); Ctrl-C to stop`);
  const stop = async () => {
    await indexer.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
