import { useEffect, useState } from 'preact/hooks';
import { Fragment } from 'preact';
import { Officers, RallyDesk, RallyInbox } from '../Rallies';
import { Documents } from './Documents';
import { Invite } from './Invite';
import { Onboarding } from './Onboarding';
import { Overview } from './Overview';
import { Settings } from './Settings';
import { Stake } from './Stake';
import { Setup, Unlock } from './Setup';
import { Outcome, useAction } from './shared';
import type { Api } from '@/lib/protocol/client';

const TABS = [
  ['overview', 'Overview'],
  ['join', 'Join a union'],
  ['invite', 'Invite'],
  ['stake', 'Stake'],
  ['rallies', 'Rallies'],
  ['documents', 'Documents'],
  ['settings', 'Settings'],
] as const;
type Tab = (typeof TABS)[number][0];

/** The inbox, and for each union: post (leader and officers) and past rallies with their answers. */
function RalliesTab({ api }: { api: Api }) {
  const [overview, load] = useAction(api, 'walletOverview');
  useEffect(() => void load(), []);
  return (
    <>
      <RallyInbox api={api} openRally={(id) => void (location.href = `/rally.html?id=${id}`)} />
      <Outcome action={overview} busyText="Reading your memberships…" />
      {overview.state === 'done' &&
        overview.value.memberships.map((m) => (
          <Fragment key={m.unionId}>
            <RallyDesk api={api} unionId={m.unionId} canPost={m.role === 'leader' || m.role === 'officer'} />
            <a href={`/campaign.html?union=${m.unionId}`} data-testid={`campaigns-link-${m.unionId}`}>Campaigns of union #{m.unionId}</a>
            {m.role === 'leader' && <Officers api={api} unionId={m.unionId} />}
          </Fragment>
        ))}
    </>
  );
}

/** The wallet page: key set-up, unlock, and everything the unlocked key does. */
export function WalletApp({ api }: { api: Api }) {
  const [status, refresh] = useAction(api, 'walletStatus');
  const [, lock] = useAction(api, 'walletLock');
  const initial = location.hash.slice(1) as Tab;
  const [tab, setTab] = useState<Tab>(TABS.some(([id]) => id === initial) ? initial : 'overview');
  const reload = () => void refresh();
  useEffect(reload, []);

  function show(id: Tab) {
    setTab(id);
    location.hash = id;
  }
  /** Arrow keys, Home and End move between tabs, as in any tab list. */
  function onTabKey(event: KeyboardEvent) {
    const index = TABS.findIndex(([id]) => id === tab);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const [id] = TABS[(next + TABS.length) % TABS.length]!;
    show(id);
    document.getElementById(`tab-${id}`)?.focus();
  }

  if (status.state !== 'done') {
    return <main class="wallet"><Outcome action={status.state === 'idle' ? { state: 'busy' } : status} busyText="Loading…" /></main>;
  }
  const s = status.value;
  return (
    <main class="wallet">
      <header class="row">
        <h1>Network Union · Wallet</h1>
        {s.state === 'unlocked' && (
          <button type="button" class="secondary" onClick={() => void lock().then(reload)}>Lock</button>
        )}
      </header>
      {s.state === 'none' && <Setup api={api} onDone={reload} />}
      {s.state === 'locked' && <Unlock api={api} address={s.address} onDone={reload} />}
      {s.state === 'unlocked' && (
        <>
          <nav class="tabs" role="tablist" aria-label="Wallet" onKeyDown={onTabKey}>
            {TABS.map(([id, label]) => (
              <button
                key={id}
                id={`tab-${id}`}
                type="button"
                role="tab"
                aria-selected={tab === id}
                aria-controls={`panel-${id}`}
                tabIndex={tab === id ? 0 : -1}
                onClick={() => show(id)}
              >
                {label}
              </button>
            ))}
          </nav>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="tabpanel">
            {tab === 'overview' && <Overview api={api} />}
            {tab === 'join' && <Onboarding api={api} />}
            {tab === 'invite' && <Invite api={api} />}
            {tab === 'stake' && <Stake api={api} />}
            {tab === 'rallies' && <RalliesTab api={api} />}
            {tab === 'documents' && <Documents api={api} />}
            {tab === 'settings' && <Settings api={api} status={s} onChange={reload} />}
          </div>
        </>
      )}
    </main>
  );
}
