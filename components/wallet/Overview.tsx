import { useEffect, useState } from 'preact/hooks';
import type { WalletOverview } from '@/lib/features/wallet/protocol';
import { displayHandle } from '@/lib/identity/handles';
import { formatCount, safeText, shortAddress } from '@/lib/format';
import { BioProofs, Receive } from './Funds';
import { Outcome, useAction, type Action } from './shared';
import type { Api } from '@/lib/protocol/client';

/** Address, balance, memberships, supporters waiting for a vouch, recent transactions. */
export function Overview({ api }: { api: Api }) {
  const [overview, load] = useOverview(api);
  const [vouching, vouch] = useAction(api, 'vouch');
  useEffect(() => void load(), []);

  if (overview.state !== 'done') return <Outcome action={overview.state === 'idle' ? { state: 'busy' } : overview} busyText="Reading the chain…" />;
  const o = overview.value;
  return (
    <>
      <section class="card" data-testid="overview">
        <h2>Account</h2>
        <p class="mono" data-testid="address">{o.address}</p>
        <dl class="facts">
          <dt>Balance</dt>
          <dd data-testid="balance">{o.balance} ETH</dd>
          {o.tokenBalances.length > 0 && (
            <>
              <dt>Tokens</dt>
              <dd>
                {o.tokenBalances.map((b) => (
                  <span key={b} class="token" data-testid="token-balance">{safeText(b, 60)}</span>
                ))}
              </dd>
            </>
          )}
          <dt>Network</dt>
          <dd>{o.chainName}</dd>
          <dt>Handles</dt>
          <dd>{o.claims.length ? o.claims.map((c) => displayHandle(safeText(c, 80))).join(', ') : 'none claimed'}</dd>
          <dt>Messaging key</dt>
          <dd>{o.messagingKeyPublished ? 'published' : 'not published'}</dd>
        </dl>
      </section>
      <Receive api={api} address={o.address} chainId={o.chainId} chainName={o.chainName} testFunds={o.testFunds} onFunded={() => void load()} />
      {o.handles.length > 0 && (
        <section class="card" aria-labelledby="proofs-title">
          <h2 id="proofs-title">Bio proofs</h2>
          <p class="muted">Put the line in the profile's bio so members' extensions verify that the handle is yours.</p>
          <BioProofs handles={o.handles} />
        </section>
      )}
      <section class="card">
        <h2>Memberships</h2>
        {o.memberships.length === 0 ? (
          <p class="muted">Not a member of any union yet: join one in "Join a union".</p>
        ) : (
          <ul data-testid="memberships">
            {o.memberships.map((m) => (
              <li key={m.unionId}>
                <strong>{safeText(m.unionName, 60)}</strong> · {m.role === 'officer' && m.officerTitle ? safeText(m.officerTitle, 30) : m.role} ·{' '}
                {formatCount(m.supportBase)} supporters ({formatCount(m.directSupporters)} direct)
                {m.sponsor && <> · sponsor {shortAddress(m.sponsor)}</>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card">
        <h2>Supporters waiting for your vouch</h2>
        {o.waitingVouches.length === 0 ? (
          <p class="muted">Nobody is waiting.</p>
        ) : (
          <ul data-testid="waiting-vouches">
            {o.waitingVouches.map((w) => (
              <li key={`${w.unionId}:${w.handle}`} class="row">
                <span>
                  {displayHandle(w.handle)} · {shortAddress(w.member)} · {w.proofSeen ? 'bio proof seen' : 'bio proof not seen yet: visit their profile'}
                </span>
                <button
                  type="button"
                  disabled={vouching.state === 'busy'}
                  onClick={() => void vouch({ unionId: w.unionId, member: w.member, handle: w.handle }).then((r) => r && load())}
                >
                  Vouch
                </button>
              </li>
            ))}
          </ul>
        )}
        <Outcome action={vouching} busyText="Waiting for your approval…" />
      </section>
      <section class="card">
        <h2>Recent transactions</h2>
        {o.transactions.length === 0 ? (
          <p class="muted">None yet.</p>
        ) : (
          <ul>
            {o.transactions.map((t) => (
              <li key={t.hash}>
                {t.summary} · <span class={t.status === 'mined' ? 'ok-text' : t.status === 'reverted' || t.status === 'dropped' ? 'error-text' : 'muted'}>{t.status}</span>{' '}
                <span class="mono" title={t.hash}>{shortAddress(t.hash)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** The overview, kept on screen while it is read again (after test funds or a vouch). */
export function useOverview(api: Api) {
  const [overview, load] = useAction(api, 'walletOverview');
  const [kept, setKept] = useState<Action<WalletOverview>>({ state: 'idle' });
  useEffect(() => {
    if (overview.state !== 'busy' || kept.state !== 'done') setKept(overview);
  }, [overview]);
  return [kept, load] as const;
}
