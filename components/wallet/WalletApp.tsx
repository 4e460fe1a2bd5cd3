import { useEffect, useState } from 'preact/hooks';
import { Fragment } from 'preact';
import { Officers, RallyDesk, RallyInbox } from '../Rallies';
import { Documents } from './Documents';
import { Invite } from './Invite';
import { Onboarding } from './Onboarding';
import { Overview } from './Overview';
import { Settings } from './Settings';
import { Setup, Unlock } from './Setup';
import { Outcome, useAction, type Send } from './shared';

const TABS = [
  ['overview', 'Overview'],
  ['join', 'Join a union'],
  ['invite', 'Invite'],
  ['rallies', 'Rallies'],
  ['documents', 'Documents'],
  ['settings', 'Settings'],
] as const;
type Tab = (typeof TABS)[number][0];

/** The inbox, and for each union: post (leader and officers) and past rallies with their answers. */
function RalliesTab({ send }: { send: Send }) {
  const [overview, load] = useAction<'walletOverview'>(send);
  useEffect(() => void load({ type: 'walletOverview' }), []);
  return (
    <>
      <RallyInbox send={send} openRally={(id) => void (location.href = `/rally.html?id=${id}`)} />
      <Outcome action={overview} busyText="Reading your memberships…" />
      {overview.state === 'done' &&
        overview.value.memberships.map((m) => (
          <Fragment key={m.unionId}>
            <RallyDesk send={send} unionId={m.unionId} canPost={m.role === 'leader' || m.role === 'officer'} />
            {m.role === 'leader' && <Officers send={send} unionId={m.unionId} />}
          </Fragment>
        ))}
    </>
  );
}

/** The wallet page: key set-up, unlock, and everything the unlocked key does. */
export function WalletApp({ send }: { send: Send }) {
  const [status, refresh] = useAction<'walletStatus'>(send);
  const [, lock] = useAction<'walletLock'>(send);
  const initial = location.hash.slice(1) as Tab;
  const [tab, setTab] = useState<Tab>(TABS.some(([id]) => id === initial) ? initial : 'overview');
  const reload = () => void refresh({ type: 'walletStatus' });
  useEffect(reload, []);

  if (status.state !== 'done') {
    return <main class="wallet"><Outcome action={status.state === 'idle' ? { state: 'busy' } : status} busyText="Loading…" /></main>;
  }
  const s = status.value;
  return (
    <main class="wallet">
      <header class="row">
        <h1>Network Union · Wallet</h1>
        {s.state === 'unlocked' && (
          <button type="button" class="secondary" onClick={() => void lock({ type: 'walletLock' }).then(reload)}>Lock</button>
        )}
      </header>
      {s.state === 'none' && <Setup send={send} onDone={reload} />}
      {s.state === 'locked' && <Unlock send={send} address={s.address} onDone={reload} />}
      {s.state === 'unlocked' && (
        <>
          <nav class="tabs" role="tablist">
            {TABS.map(([id, label]) => (
              <button key={id} type="button" role="tab" aria-selected={tab === id} onClick={() => { setTab(id); location.hash = id; }}>
                {label}
              </button>
            ))}
          </nav>
          {tab === 'overview' && <Overview send={send} />}
          {tab === 'join' && <Onboarding send={send} />}
          {tab === 'invite' && <Invite send={send} />}
          {tab === 'rallies' && <RalliesTab send={send} />}
          {tab === 'documents' && <Documents send={send} />}
          {tab === 'settings' && <Settings send={send} status={s} onChange={reload} />}
        </>
      )}
    </main>
  );
}
