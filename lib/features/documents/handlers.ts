import type { Handlers } from '../../protocol';
import { documentMessage, sha256Of, signDocument, verifySignatureFile } from '../../wallet/documents';
import type { ChainHelpers, FeatureContext } from '../context';
import type { documentsProtocol } from './protocol';

/** Documents signed with the member's key, and checked against the signer's membership. */
export function createDocumentsHandlers(ctx: FeatureContext, chain: ChainHelpers): Handlers<keyof typeof documentsProtocol> {
  return {
    async signDocument({ title, base64 }, caller) {
      const bytes = fromBase64(base64);
      const hash = await sha256Of(bytes);
      const signer = (await ctx.keeper.account()).address;
      const account = await chain.approveSignature(caller, {
        title: `Sign the document "${title.slice(0, 80)}"`,
        fields: [
          { label: 'Standard', value: 'EIP-191 personal message and EIP-712 typed data: Document' },
          { label: 'Title', value: title },
          { label: 'SHA-256', value: hash },
          { label: 'Size', value: `${bytes.length.toLocaleString('en-US')} bytes` },
          { label: 'Signer', value: signer },
          { label: 'Message', value: documentMessage(hash) },
        ],
      });
      return { file: await signDocument(account, bytes, title, ctx.now()) };
    },

    async verifyDocument({ base64, signatureFile }) {
      const check = await verifySignatureFile(fromBase64(base64), signatureFile);
      if (!check.ok) return check;
      // The signer's memberships and handles under the same rule as badges: followed unions only.
      const [memberships, claims, followed] = await Promise.all([
        chain.membershipsOf(check.signer),
        chain.read('claimsOf', [check.signer]),
        ctx.policy.followedIds(),
      ]);
      const views = await ctx.policy.views(claims.slice(0, 8), { fresh: true });
      const verified = claims.map((handle) => views[handle]).find((view) => view?.state === 'verified' && view.owner === check.signer);
      const shown = memberships.filter((m) => followed.includes(m.unionId));
      const membership = shown.find((m) => m.unionId === verified?.membership?.unionId) ?? shown[0];
      return { ...check, membership, handle: verified?.handle };
    },
  };
}

function fromBase64(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
