import { getAddress, hexToString, isAddress, isHex, numberToHex, type Address } from 'viem';
import { parseSiweMessage } from 'viem/siwe';
import { UnionError } from '../../errors';
import { safeText } from '../../format';
import { parseUnionResource } from '../../login/resource';
import type { Caller, Handlers } from '../../protocol';
import { pageOf } from '../../wallet/approvals';
import { RequestError, unionLine, type ChainHelpers, type FeatureContext } from '../context';
import { createStakeReader } from '../stake/handlers';
import type { loginProtocol } from './protocol';

/** Requests one tab (or frame-less origin) may make through the page provider per minute. */
export const SITE_REQUEST_LIMIT = 30;
const SITE_PERIOD_MS = 60_000;

/**
 * One answer for every refusal that could tell a page something about this browser: no wallet,
 * a locked one, a member who said no or closed the window. Given only after the member decided.
 */
export class SiteRejected extends UnionError {
  override name = 'SiteRejected';
  constructor() {
    super('rejected', 'User rejected the request.');
  }
}

/**
 * Sign in with Union for web sites. Before the member approves, a site learns nothing about this
 * browser's wallet: accounts are empty until approved, every request that needs the member waits
 * for the approval window whatever the wallet's state, and every refusal after it reads the same.
 * Refusals that depend only on the request (a message for another domain, not a sign-in message,
 * too many requests) come at once.
 */
export function createLoginHandlers(ctx: FeatureContext, chain: ChainHelpers): Handlers<keyof typeof loginProtocol> {
  const stakeFacts = createStakeReader(ctx, chain);
  /** Origins the member shared the address with, until the worker stops. */
  const connected = new Map<string, Address>();
  const recent = new Map<string, number[]>();

  function limit(caller: Caller) {
    const page = pageOf(caller) ?? caller.origin;
    const times = (recent.get(page) ?? []).filter((at) => ctx.now() - at < SITE_PERIOD_MS);
    if (times.length >= SITE_REQUEST_LIMIT) {
      recent.set(page, times);
      throw new RequestError('Too many requests from this page: wait a minute.');
    }
    times.push(ctx.now());
    recent.set(page, times);
  }

  /** Waits for the member; whatever fails from here on is the same rejection. */
  async function decided<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch {
      throw new SiteRejected();
    }
  }

  async function walletLine(): Promise<{ address: Address | null; note: string }> {
    const status = await ctx.keeper.status();
    if (status.state === 'none') return { address: null, note: 'No wallet in this browser yet: set one up on the wallet page first. Approving now shares nothing.' };
    if (status.state === 'locked') return { address: status.address, note: `${status.address} (locked: unlock it on the wallet page before approving)` };
    return { address: status.address, note: status.address };
  }

  return {
    async siteChainId(_params, caller) {
      limit(caller);
      return numberToHex((await ctx.connection()).config.chainId);
    },

    async siteAccounts(_params, caller) {
      limit(caller);
      const address = connected.get(caller.origin);
      return address ? [address] : [];
    },

    async siteConnect(_params, caller) {
      limit(caller);
      const wallet = await walletLine();
      return decided(async () => {
        await ctx.approvals.request(caller, {
          kind: 'signature',
          title: `Share your address with ${safeText(caller.origin, 120)}`,
          fields: [
            { label: 'Address shared', value: wallet.note },
            { label: 'What the site gets', value: 'Only this address. It can then ask you to sign in, each time in this window.' },
          ],
        });
        if (!wallet.address || (await ctx.keeper.status()).state === 'none') throw new SiteRejected();
        connected.set(caller.origin, wallet.address);
        return [wallet.address];
      });
    },

    async siteSignIn({ message: raw, address: asked }, caller) {
      limit(caller);
      const message = isHex(raw) ? safeHexText(raw) : raw;
      const siwe = parseSiweMessage(message);
      const page = new URL(caller.origin);
      if (!siwe.domain || !siwe.uri || !siwe.address || !siwe.nonce || !siwe.chainId) {
        throw new RequestError('Only Sign-In with Ethereum (EIP-4361) messages can be signed here.');
      }
      let uriOrigin: string | null = null;
      try {
        uriOrigin = new URL(siwe.uri).origin;
      } catch {
        uriOrigin = null;
      }
      if (siwe.domain !== page.host || uriOrigin !== page.origin || (siwe.scheme !== undefined && `${siwe.scheme}:` !== page.protocol)) {
        throw new RequestError(`The message is for ${safeText(siwe.domain, 80)}, but ${page.origin} asked to sign it: refused.`);
      }
      const { config } = await ctx.connection();
      const union = parseUnionResource(siwe.resources);
      if (!union || union.chainId !== config.chainId || union.stakeLock !== config.stakeLock || siwe.chainId !== config.chainId) {
        throw new RequestError('The message names no union on the chain this extension uses: refused.');
      }
      if (!isAddress(asked) || !isAddress(siwe.address) || getAddress(asked) !== getAddress(siwe.address)) {
        throw new RequestError('The message is for another address than the one asked to sign it.');
      }
      const shared = connected.get(caller.origin);
      const facts = await stakeFacts(union.unionId, shared ?? null).catch(() => null);
      return decided(async () => {
        await ctx.approvals.request(caller, {
          kind: 'signature',
          title: `Sign in to ${page.host} with your union membership`,
          fields: [
            { label: 'Union', value: facts ? unionLine({ unionId: union.unionId, unionName: facts.unionName, leader: facts.leader }) : `#${union.unionId} (could not be read)` },
            { label: 'Statement', value: siwe.statement ?? '(none)' },
            { label: 'Login criterion', value: facts?.criterionText ?? 'Could not be read from the chain.' },
            { label: 'You', value: !shared ? 'This site was not given your address: approving signs nothing.' : facts?.status === 'invested' ? `Meet it. ${facts.explanation}` : `Do not meet it. ${facts?.explanation ?? ''} The site will refuse you.` },
            { label: 'Signing as', value: shared ?? 'nobody' },
            { label: 'Message', value: message, detail: true },
          ],
        });
        const account = await ctx.keeper.account();
        if (!shared || shared !== account.address || getAddress(siwe.address!) !== account.address) throw new SiteRejected();
        return account.signMessage({ message });
      });
    },
  };
}

/** personal_sign sends the message hex-encoded; text that is not UTF-8 is refused. */
function safeHexText(hex: `0x${string}`): string {
  const text = hexToString(hex);
  if (text.includes('\uFFFD')) throw new RequestError('Only Sign-In with Ethereum (EIP-4361) messages can be signed here.');
  return text;
}
