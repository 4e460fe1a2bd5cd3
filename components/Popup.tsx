import { useCallback, useEffect, useState } from 'preact/hooks';
import { safeText, shortAddress, formatCount } from '@/lib/format';
import { displayHandle } from '@/lib/identity/handles';
import type { TipRecord } from '@/lib/features/tips/protocol';
import type { ResponseOf } from '@/lib/protocol';
import type { Api } from '@/lib/protocol/client';
import { FollowedUnions } from './FollowedUnions';
import { CampaignsCard } from './CampaignsCard';
import { StakeCard } from './StakeCard';
import { RallyInbox } from './Rallies';
import type { WalletStatus } from '@/lib/wallet/keeper';
import type { WalletOverview } from '@/lib/features/wallet/protocol';
import { chainName } from '@/lib/wallet/amounts';
import { LockIcon } from './wallet/shared';

type State = { kind: 'loading' } | { kind: 'ok'; status: ResponseOf<'status'> } | { kind: 'error'; reason: string };

/** The key and its onboarding, then the chain connection and the configured union, at a glance. */
export function Popup({ api, openOptions, openPage }: { api: Api; openOptions: () => void; openPage: (path: string) => void }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [wallet, setWallet] = useState<{ status: WalletStatus; overview: WalletOverview | null } | null>(null);
  const refresh = useCallback(async () => {
    setState({ kind: 'loading' });
    const [result, status, overview] = await Promise.all([api('status'), api('walletStatus'), api('walletOverview')]);
    setState(result.ok ? { kind: 'ok', status: result.value } : { kind: 'error', reason: result.error });
    if (status.ok) setWallet({ status: status.value, overview: overview.ok ? overview.value : null });
  }, [api]);
  useEffect(() => void refresh(), [refresh]);
  const member = (wallet?.overview?.memberships.length ?? 0) > 0;

  return (
    <main class="popup" aria-busy={state.kind === 'loading'}>
      <header class="row">
        <h1>Network Union</h1>
        <button type="button" class="link" onClick={() => void refresh()} disabled={state.kind === 'loading'}>
          Refresh
        </button>
      </header>
      {!member && <p class="tagline">Shows which people on X are verified members of your union, and lets members tip, vouch and message each other encrypted.</p>}
      {wallet && <WalletCard api={api} status={wallet.status} overview={wallet.overview} openPage={openPage} onLock={(s) => setWallet({ ...wallet, status: s })} />}
      {member && <RallyInbox api={api} openRally={(id) => openPage(`rally.html?id=${id}`)} />}
      {member && <StakeCard api={api} openPage={openPage} />}
      {member && <CampaignsCard api={api} unionIds={wallet!.overview!.memberships.map((m) => m.unionId)} openPage={openPage} />}
      <Tips api={api} member={member} />
      {state.kind === 'loading' && (
        <p class="muted" role="status">
          <span class="spinner" aria-hidden="true" /> Checking the chain…
        </p>
      )}
      {state.kind === 'error' && (
        <section class="card error" role="alert" data-testid="chain-status">
          <h2>
            <span class="dot bad" aria-hidden="true" /> Chain unreachable
          </h2>
          <p>{state.reason}</p>
          <p class="muted">Badges stay off until the chain answers: nothing is shown as verified.</p>
          <button type="button" onClick={openOptions}>
            Chain settings
          </button>
        </section>
      )}
      {state.kind === 'ok' && <Status status={state.status} openOptions={openOptions} openPage={openPage} />}
      {state.kind === 'ok' && <FollowedUnions api={api} />}
    </main>
  );
}

/** Tips sent and received: the member's public track record, from the Tips contract's events. */
function Tips({ api, member }: { api: Api; member: boolean }) {
  const [tips, setTips] = useState<ResponseOf<'walletTips'> | null>(null);
  useEffect(() => {
    void api('walletTips').then((r) => r.ok && setTips(r.value));
  }, [api]);
  // Nothing to show a newcomer who has neither joined nor tipped.
  if (!tips || (!member && tips.sent.length === 0 && tips.received.length === 0)) return null;
  const list = (title: string, records: TipRecord[], who: 'from' | 'to', testId: string) => (
    <div data-testid={testId}>
      <h3>{title}</h3>
      {records.length === 0 ? (
        <p class="muted">None yet.</p>
      ) : (
        <ul class="tips">
          {records.slice(0, 5).map((t) => (
            <li key={t.hash}>
              {t.amount} {who === 'to' ? 'to' : 'from'} <span class="mono">{shortAddress(t[who])}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <section class="card">
      {list('Tips sent', tips.sent, 'to', 'tips-sent')}
      {list('Tips received', tips.received, 'from', 'tips-received')}
    </section>
  );
}

/** The steps from nothing to a verified member, each read from the wallet and the chain. */
function checklist(status: WalletStatus, overview: WalletOverview | null) {
  return [
    { label: 'Create or import your key', done: status.state !== 'none' },
    { label: 'Get ETH for network fees', done: !!overview && (overview.funded || overview.memberships.length > 0) },
    { label: 'Join a union', done: !!overview && overview.memberships.length > 0 },
    { label: 'Prove your handle', done: !!overview && overview.handles.some((h) => h.proofSeen || h.vouched) },
  ];
}

/** The key at a glance: the set-up checklist until it is done, unlock or lock; supporters waiting for a vouch. */
function WalletCard({
  api,
  status,
  overview,
  openPage,
  onLock,
}: {
  api: Api;
  status: WalletStatus;
  overview: WalletOverview | null;
  openPage: (path: string) => void;
  onLock: (status: WalletStatus) => void;
}) {
  const steps = checklist(status, overview);
  const waiting = overview?.waitingVouches ?? [];
  const setUp = steps.every((s) => s.done);
  return (
    <section class="card" data-testid="wallet-card">
      {!setUp && (
        <div data-testid="checklist">
          <h2>Get started</h2>
          <ol class="checklist">
            {steps.map((step) => (
              <li key={step.label} data-done={step.done}>
                <span class="check" aria-hidden="true">{step.done ? '✓' : ''}</span>
                {step.label}
                <span class="visually-hidden">{step.done ? ' (done)' : ' (to do)'}</span>
              </li>
            ))}
          </ol>
          {status.state !== 'locked' && (
            <button type="button" onClick={() => openPage(status.state === 'none' ? 'wallet.html' : 'wallet.html#join')}>
              {status.state === 'none' ? 'Set up your key' : 'Continue'}
            </button>
          )}
        </div>
      )}
      {status.state !== 'none' && (
        <div class="row">
          <span class="mono" title={status.address}>
            <LockIcon open={status.state === 'unlocked'} /> {shortAddress(status.address)}
            <span class="visually-hidden">{status.state === 'unlocked' ? ' (unlocked)' : ' (locked)'}</span>
          </span>
          {status.state === 'locked' ? (
            <button type="button" onClick={() => openPage('wallet.html')}>Unlock</button>
          ) : (
            <span class="row">
              <button type="button" class="secondary" onClick={() => void api('walletLock').then((r) => r.ok && onLock(r.value))}>
                Lock
              </button>
              <button type="button" onClick={() => openPage('wallet.html')}>Wallet</button>
            </span>
          )}
        </div>
      )}
      {waiting.length > 0 && (
        <div data-testid="waiting-vouches">
          <h3>Waiting for your vouch</h3>
          <ul class="tips">
            {waiting.slice(0, 5).map((w) => (
              <li key={`${w.unionId}:${w.handle}`}>
                {displayHandle(w.handle)} · {w.proofSeen ? 'bio proof seen' : 'visit their profile first'}
              </li>
            ))}
          </ul>
          <button type="button" class="link" onClick={() => openPage('wallet.html')}>
            Vouch in the wallet
          </button>
        </div>
      )}
    </section>
  );
}

function Status({ status, openOptions, openPage }: { status: ResponseOf<'status'>; openOptions: () => void; openPage: (path: string) => void }) {
  const { union } = status;
  return (
    <>
      <details class="status-row" data-testid="chain-status">
        <summary>
          <span class="dot ok" aria-hidden="true" /> Connected to {chainName(status.chainId)}
        </summary>
        <dl class="facts">
          <dt>Chain id</dt>
          <dd data-testid="chain-id">{status.chainId}</dd>
          <dt>Latest block</dt>
          <dd data-testid="block-number">{formatCount(status.blockNumber)}</dd>
          <dt>Registry</dt>
          <dd title={status.registry}>{shortAddress(status.registry)}</dd>
          <dt>RPC</dt>
          <dd class="wrap">{status.config.rpcUrl}</dd>
        </dl>
      </details>
      <section class="card" data-testid="union">
        {union ? (
          <>
            <h2 data-testid="union-name">{safeText(union.name, 60)}</h2>
            <p class="muted">{safeText(union.purpose, 200)}</p>
            <dl class="facts">
              <dt>Leader</dt>
              <dd data-testid="union-leader" title={union.leader}>
                {union.leaderHandle ? `${displayHandle(safeText(union.leaderHandle, 80))} · ` : ''}
                {shortAddress(union.leader)}
              </dd>
              <dt>Members</dt>
              <dd data-testid="union-size">{formatCount(union.size)}</dd>
            </dl>
            <button type="button" class="link" onClick={() => openPage(`tree.html?union=${union.id}`)}>
              See the support tree
            </button>
          </>
        ) : (
          <p class="muted">Union #{status.config.unionId} does not exist on this registry yet.</p>
        )}
      </section>
      <button type="button" class="link" onClick={openOptions}>
        Chain settings
      </button>
    </>
  );
}
