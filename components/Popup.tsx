import { useCallback, useEffect, useState } from 'preact/hooks';
import { safeText, shortAddress, formatCount } from '@/lib/format';
import { displayHandle } from '@/lib/identity/handles';
import type { TipRecord } from '@/lib/features/tips/protocol';
import type { ResponseOf } from '@/lib/protocol';
import type { Api } from '@/lib/protocol/client';
import { FollowedUnions } from './FollowedUnions';
import { RallyInbox } from './Rallies';
import type { WalletStatus } from '@/lib/wallet/keeper';

type State = { kind: 'loading' } | { kind: 'ok'; status: ResponseOf<'status'> } | { kind: 'error'; reason: string };

/** Chain connection and the configured union, at a glance. */
export function Popup({ api, openOptions, openPage }: { api: Api; openOptions: () => void; openPage: (path: string) => void }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const refresh = useCallback(async () => {
    setState({ kind: 'loading' });
    const result = await api('status');
    setState(result.ok ? { kind: 'ok', status: result.value } : { kind: 'error', reason: result.error });
  }, [api]);
  useEffect(() => void refresh(), [refresh]);

  return (
    <main class="popup" aria-busy={state.kind === 'loading'}>
      <header class="row">
        <h1>Network Union</h1>
        <button type="button" class="link" onClick={() => void refresh()} disabled={state.kind === 'loading'}>
          Refresh
        </button>
      </header>
      <WalletCard api={api} openPage={openPage} />
      <RallyInbox api={api} openRally={(id) => openPage(`rally.html?id=${id}`)} />
      <Tips api={api} />
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
function Tips({ api }: { api: Api }) {
  const [tips, setTips] = useState<ResponseOf<'walletTips'> | null>(null);
  useEffect(() => {
    void api('walletTips').then((r) => r.ok && setTips(r.value));
  }, [api]);
  if (!tips) return null;
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

/** The key at a glance: set it up, unlock it, or lock it; supporters waiting for a vouch. */
function WalletCard({ api, openPage }: { api: Api; openPage: (path: string) => void }) {
  const [status, setStatus] = useState<WalletStatus | null>(null);
  const [waiting, setWaiting] = useState<ResponseOf<'walletOverview'>['waitingVouches']>([]);
  useEffect(() => {
    void api('walletStatus').then((r) => r.ok && setStatus(r.value));
    void api('walletOverview').then((r) => r.ok && setWaiting(r.value.waitingVouches));
  }, [api]);
  if (!status) return null;
  return (
    <section class="card" data-testid="wallet-card">
      {status.state === 'none' && (
        <div class="row">
          <span>No key yet.</span>
          <button type="button" onClick={() => openPage('wallet.html')}>Set up your key</button>
        </div>
      )}
      {status.state !== 'none' && (
        <div class="row">
          <span class="mono" title={status.address}>
            {status.state === 'unlocked' ? '🔓' : '🔒'} {shortAddress(status.address)}
          </span>
          {status.state === 'locked' ? (
            <button type="button" onClick={() => openPage('wallet.html')}>Unlock</button>
          ) : (
            <span class="row">
              <button type="button" class="secondary" onClick={() => void api('walletLock').then((r) => r.ok && setStatus(r.value))}>
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
      <section class="card" data-testid="chain-status">
        <h2>
          <span class="dot ok" aria-hidden="true" /> Connected
        </h2>
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
      </section>
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
