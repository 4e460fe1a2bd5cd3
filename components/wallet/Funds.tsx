import { AddressQr } from './AddressQr';
import { CopyButton, Outcome, useAction } from './shared';
import type { Api } from '@/lib/protocol/client';
import type { ClaimedHandle } from '@/lib/features/wallet/protocol';
import { displayHandle } from '@/lib/identity/handles';
import { safeText } from '@/lib/format';

/** Where to send ETH to this account, and on the local development chain, test funds in one click. */
export function Receive({ api, address, chainId, chainName, testFunds, onFunded }: { api: Api; address: string; chainId: number; chainName: string; testFunds: boolean; onFunded: () => void }) {
  const [funding, getTestFunds] = useAction(api, 'walletGetTestFunds');
  return (
    <section class="card" data-testid="receive" aria-labelledby="receive-title">
      <h2 id="receive-title">Receive</h2>
      <p class="muted">Send ETH on {chainName} to this address; it pays the network fees of joining, claiming and tipping.</p>
      <div class="receive">
        <AddressQr address={address} chainId={chainId} />
        <div>
          <code class="mono" data-testid="receive-address">{address}</code>
          <CopyButton text={address} label="Copy address" />
        </div>
      </div>
      {testFunds && (
        <div class="row start">
          <button type="button" disabled={funding.state === 'busy'} onClick={() => void getTestFunds().then((r) => r && onFunded())}>
            Get test ETH and UNION
          </button>
          <small class="muted">Local development chain only: test money with no value.</small>
        </div>
      )}
      <Outcome action={funding} busyText="Asking the local chain…" testId="funding-outcome" />
      {funding.state === 'done' && (
        <p class="ok-text" role="status" data-testid="funded">
          Received {[`${funding.value.eth} ETH`, ...funding.value.tokens].join(' and ')}.
        </p>
      )}
    </section>
  );
}

/** The exact line to paste into a profile's bio, for each claimed handle, with Copy. */
export function BioProofs({ handles }: { handles: ClaimedHandle[] }) {
  return (
    <ul class="proofs" data-testid="bio-proofs">
      {handles.map((h) => (
        <li key={h.handle}>
          <span>
            <strong>{displayHandle(safeText(h.handle, 80))}</strong> ·{' '}
            {h.proofSeen ? <span class="ok-text">proof seen on the profile</span> : h.vouched ? <span class="ok-text">vouched</span> : <span class="muted">proof not seen yet</span>}
          </span>
          <div class="row">
            <code class="mono" data-testid="bio-proof">{h.proof}</code>
            <CopyButton text={h.proof} />
          </div>
        </li>
      ))}
    </ul>
  );
}
