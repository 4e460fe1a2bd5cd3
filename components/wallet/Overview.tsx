import { useEffect } from 'preact/hooks';
import { displayHandle } from '@/lib/identity/handles';
import { formatCount, safeText, shortAddress } from '@/lib/format';
import { CopyButton, Outcome, useAction } from './shared';
import type { Api } from '@/lib/protocol/client';

/** Address, balance, memberships, supporters waiting for a vouch, recent transactions. */
export function Overview({ api }: { api: Api }) {
  const [overview, load] = useAction(api, 'walletOverview');
  const [vouching, vouch] = useAction(api, 'vouch');
  useEffect(() => void load(), []);

  if (overview.state !== 'done') return <Outcome action={overview.state === 'idle' ? { state: 'busy' } : overview} busyText="Reading the chain…" />;
  const o = overview.value;
  return (
    <>
      <section class="card" data-testid="overview">
        <h2>Account</h2>
        <div class="row">
          <span class="mono" data-testid="address">{o.address}</span>
          <CopyButton text={o.address} label="Copy address" />
        </div>
        <dl class="facts">
          <dt>Balance</dt>
          <dd data-testid="balance">{o.balance} ETH</dd>
          {o.tokenBalances.map((b) => (
            <dd key={b} data-testid="token-balance">{safeText(b, 60)}</dd>
          ))}
          <dt>Handles</dt>
          <dd>{o.claims.length ? o.claims.map((c) => displayHandle(safeText(c, 80))).join(', ') : 'none claimed'}</dd>
          <dt>Messaging key</dt>
          <dd>{o.messagingKeyPublished ? 'published' : 'not published'}</dd>
        </dl>
      </section>
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
                {t.summary} · <span class={t.status === 'mined' ? 'ok-text' : t.status === 'reverted' ? 'error-text' : 'muted'}>{t.status}</span>{' '}
                <span class="mono" title={t.hash}>{shortAddress(t.hash)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
