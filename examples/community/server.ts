/**
 * An example community service: a members' page gated behind Sign in with Union. Plain Node
 * HTTP, no framework. The page finds the Network Union provider through EIP-6963, the server
 * writes the EIP-4361 message (its own domain, a single-use nonce, the union as a resource), and
 * `lib/login`'s verifier checks the answer and the union's criterion on-chain. The members' page
 * checks the criterion again on every visit: a lock that ran short closes it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createPublicClient, http, isAddress, type Address } from 'viem';
import { createSiweMessage } from 'viem/siwe';
import { stakeLockAbi } from '../../lib/chain/generated/abi';
import { stakeStatus } from '../../lib/login/criterion';
import { createNonceStore } from '../../lib/login/nonces';
import { unionResource } from '../../lib/login/resource';
import { verifyLogin, type LoginClient } from '../../lib/login/verify';

export interface CommunityOptions {
  /** Where members reach the service, e.g. https://members.example (behind TLS, or the demo's mapping). */
  origin: string;
  rpcUrl: string;
  chainId: number;
  stakeLock: Address;
  unionId: number;
  /** The port to listen on (0: any free one), on 127.0.0.1. */
  port?: number;
  title?: string;
}

const SESSION_COOKIE = 'union_session';
const SESSION_MS = 60 * 60_000;

export async function startCommunityService(options: CommunityOptions): Promise<{ url: string; port: number; server: Server; stop: () => Promise<void> }> {
  const client = createPublicClient({ transport: http(options.rpcUrl) });
  const nonces = createNonceStore();
  const sessions = new Map<string, { address: Address; expires: number }>();
  const title = options.title ?? 'Members’ corner';
  const policy = { origin: options.origin, chainId: options.chainId, stakeLock: options.stakeLock, unionId: options.unionId, nonces };

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', options.origin);
    if (req.method === 'GET' && url.pathname === '/') return send(res, 200, page(title, signInBody()));
    if (req.method === 'POST' && url.pathname === '/login/message') {
      const { address } = JSON.parse(await body(req)) as { address?: string };
      if (!address || !isAddress(address)) return json(res, 400, { error: 'An address is needed.' });
      const now = new Date();
      const message = createSiweMessage({
        domain: new URL(options.origin).host,
        uri: `${options.origin}/login`,
        address,
        chainId: options.chainId,
        nonce: nonces.issue(),
        version: '1',
        statement: `Sign in to ${title}, for members invested in the union.`,
        issuedAt: now,
        expirationTime: new Date(now.getTime() + 5 * 60_000),
        resources: [unionResource({ chainId: options.chainId, stakeLock: options.stakeLock, unionId: options.unionId })],
      });
      return json(res, 200, { message });
    }
    if (req.method === 'POST' && url.pathname === '/login/verify') {
      const answer = JSON.parse(await body(req)) as { message: string; signature: string };
      const result = await verifyLogin(client as LoginClient, policy, answer);
      if (!result.ok) return json(res, 403, { error: result.reason, code: result.code });
      const token = randomBytes(24).toString('base64url');
      sessions.set(token, { address: result.address, expires: Date.now() + SESSION_MS });
      res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=${SESSION_MS / 1000}`);
      return json(res, 200, { address: result.address });
    }
    if (req.method === 'GET' && url.pathname === '/members') {
      const token = /(?:^|;\s*)union_session=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
      const session = token ? sessions.get(token) : undefined;
      if (!session || session.expires < Date.now()) return send(res, 403, page(title, '<h1>Members only</h1><p data-testid="refusal">Sign in with Union first.</p><p><a href="/">Sign in</a></p>'));
      const status = stakeStatus(Number(await client.readContract({ address: options.stakeLock, abi: stakeLockAbi, functionName: 'statusOf', args: [session.address, BigInt(options.unionId)] })));
      if (status !== 'invested') {
        sessions.delete(token!);
        return send(res, 403, page(title, `<h1>Members only</h1><p data-testid="refusal">Your stake no longer meets the union's criterion (${status}). <a href="/">Sign in again</a> once it does.</p>`));
      }
      return send(res, 200, page(title, `<h1 data-testid="members-title">Welcome to the ${escape(title)}</h1><p>Signed in as <code data-testid="member-address">${session.address}</code>, invested in union #${options.unionId}.</p><ul><li>This week's organising call: Thursday, 18:00 UTC.</li><li>Shared notes and the strike fund's books.</li></ul>`));
    }
    return send(res, 404, page(title, '<h1>Not found</h1>'));
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: Error) => json(res, 500, { error: `The service failed: ${error.message}` }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, port, server, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 16_384) req.destroy(new Error('Request too large.'));
    });
    req.on('end', () => resolve(text || '{}'));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
}

function send(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'" }).end(html);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, content: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2937}button{font:inherit;padding:.5rem 1rem;border-radius:.5rem;border:0;background:#7c3aed;color:#fff;cursor:pointer}[role=alert]{color:#b91c1c}</style>
</head><body>${content}</body></html>`;
}

/** The sign-in page's script: finds the provider by its EIP-6963 rdns, asks for the address, signs the server's message. */
function signInBody(): string {
  return `<h1>Members’ corner</h1>
<p>For members of the union with tokens locked: sign in with your Network Union wallet.</p>
<button type="button" id="sign-in">Sign in with Union</button>
<p id="status" role="status"></p><p id="error" role="alert" data-testid="login-error"></p>
<script>
const providers = new Map();
window.addEventListener('eip6963:announceProvider', (e) => providers.set(e.detail.info.rdns, e.detail.provider));
window.dispatchEvent(new Event('eip6963:requestProvider'));
const status = document.getElementById('status'), error = document.getElementById('error');
const post = async (path, value) => { const r = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) }); const j = await r.json(); if (!r.ok) throw new Error(j.error); return j; };
document.getElementById('sign-in').addEventListener('click', async () => {
  error.textContent = '';
  const provider = providers.get('org.networkunion');
  if (!provider) { error.textContent = 'Network Union is not installed in this browser.'; return; }
  try {
    status.textContent = 'Waiting for your approval in the Network Union window…';
    const [address] = await provider.request({ method: 'eth_requestAccounts' });
    const { message } = await post('/login/message', { address });
    const hex = '0x' + Array.from(new TextEncoder().encode(message), (b) => b.toString(16).padStart(2, '0')).join('');
    const signature = await provider.request({ method: 'personal_sign', params: [hex, address] });
    status.textContent = 'Checking your stake…';
    await post('/login/verify', { message, signature });
    location.assign('/members');
  } catch (e) {
    status.textContent = '';
    error.textContent = e.message;
  }
});
</script>`;
}
