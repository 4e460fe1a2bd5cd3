import { useEffect, useState } from 'preact/hooks';
import { formatCount, safeText } from '@/lib/format';
import type { RallyView } from '@/lib/features/rallies/protocol';
import { Outcome, useAction } from './wallet/shared';
import type { Api } from '@/lib/protocol/client';

const MAX_RALLY_TEXT = 280;

/** Only http(s) links are offered; a rally's link is chain text and may be anything. */
function safeLink(uri: string): string | null {
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function deadlineText(deadline: number): string {
  const closed = deadline * 1000 <= Date.now();
  return `${closed ? 'Closed' : 'Open until'} ${new Date(deadline * 1000).toLocaleString()}`;
}

/** One rally, opened from its notification: I did it / Dismiss. */
export function RallyPage({ rallyId, api }: { rallyId: number; api: Api }) {
  const [rally, load] = useAction(api, 'getRally');
  const [answer, answerRally] = useAction(api, 'answerRally');
  const [dismissed, dismiss] = useAction(api, 'dismissRally');
  useEffect(() => void load({ rallyId }), [rallyId]);

  if (rally.state !== 'done') return <main class="wallet"><Outcome action={rally.state === 'idle' ? { state: 'busy' } : rally} busyText="Loading the rally…" /></main>;
  const { rally: record, answers, answered } = rally.value;
  if (!record) return <main class="wallet"><p role="status">This rally is not in your inbox.</p></main>;
  const link = safeLink(record.uri);
  const done = answered || answer.state === 'done';
  return (
    <main class="wallet" data-testid="rally">
      <p class="muted">{safeText(record.unionName, 60)} · rally #{record.rallyId}</p>
      <h1 data-testid="rally-text">{safeText(record.text, MAX_RALLY_TEXT)}</h1>
      {link && (
        <p>
          <a href={link} target="_blank" rel="noopener noreferrer">{safeText(link, 120)}</a>
        </p>
      )}
      <p class="muted">{deadlineText(record.deadline)} · <span data-testid="rally-answers">{formatCount(answers + (answer.state === 'done' && !answered ? 1 : 0))}</span> members answered</p>
      {done ? (
        <p class="ok-text" data-testid="rally-done">You answered this rally ✓</p>
      ) : (
        <div class="row">
          <button type="button" class="secondary" disabled={dismissed.state === 'done'} onClick={() => void dismiss({ rallyId })}>
            {dismissed.state === 'done' ? 'Dismissed' : 'Dismiss'}
          </button>
          <button type="button" disabled={answer.state === 'busy'} onClick={() => void answerRally({ rallyId })}>
            I did it
          </button>
        </div>
      )}
      <Outcome action={answer} busyText="Waiting for your approval, then for the chain…" testId="rally-outcome" />
    </main>
  );
}

/** The rally inbox, newest first, with unread ones marked. */
export function RallyInbox({ api, openRally }: { api: Api; openRally: (rallyId: number) => void }) {
  const [inbox, load] = useAction(api, 'rallyInbox');
  const [checking, check] = useAction(api, 'checkRallies');
  useEffect(() => void load(), []);
  const rallies: RallyView[] = inbox.state === 'done' ? inbox.value.rallies : [];
  return (
    <section class="card" data-testid="rally-inbox">
      <div class="row">
        <h2>Rallies{inbox.state === 'done' && inbox.value.unread ? ` · ${inbox.value.unread} new` : ''}</h2>
        <button type="button" class="link" disabled={checking.state === 'busy'} onClick={() => void check().then(() => load())}>
          Check now
        </button>
      </div>
      {inbox.state === 'done' && rallies.length === 0 && <p class="muted">No rallies yet.</p>}
      <ul class="rally-list">
        {rallies.slice(0, 5).map((r) => (
          <li key={r.rallyId} data-status={r.status}>
            <button type="button" class="link" onClick={() => openRally(r.rallyId)}>
              {safeText(r.unionName, 30)}: {safeText(r.text, 80)}
            </button>
            <small class="muted">{r.status === 'unread' ? 'new' : r.status === 'read' ? '' : r.status}</small>
          </li>
        ))}
      </ul>
      <Outcome action={checking} busyText="Checking the chain…" />
    </section>
  );
}

/** The leader's shadow cabinet: appoint an officer with a title, or remove one. */
export function Officers({ api, unionId }: { api: Api; unionId: number }) {
  const [member, setMember] = useState('');
  const [title, setTitle] = useState('');
  const [appointed, appoint] = useAction(api, 'setOfficer');
  const [removed, remove] = useAction(api, 'removeOfficer');
  return (
    <form class="card" onSubmit={(e) => { e.preventDefault(); void appoint({ unionId, member, title }); }}>
      <h2>Officers</h2>
      <div class="field">
        <label for="officer-member">Member (@handle or address)</label>
        <input id="officer-member" value={member} onInput={(e) => setMember(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="officer-title">Title</label>
        <input id="officer-title" value={title} placeholder="Treasurer" onInput={(e) => setTitle(e.currentTarget.value)} />
      </div>
      <div class="row">
        <button type="button" class="secondary" disabled={!member.trim()} onClick={() => void remove({ unionId, member })}>Remove officer</button>
        <button type="submit" disabled={!member.trim() || !title.trim()}>Appoint</button>
      </div>
      <Outcome action={appointed} busyText="Waiting for your approval, then for the chain…" />
      <Outcome action={removed} busyText="Waiting for your approval, then for the chain…" />
      {appointed.state === 'done' && <p class="ok-text">{appointed.value.summary}: done.</p>}
      {removed.state === 'done' && <p class="ok-text">{removed.value.summary}: done.</p>}
    </form>
  );
}

/** For the leader and officers: post a rally; for everyone: past rallies with how many answered. */
export function RallyDesk({ api, unionId, canPost }: { api: Api; unionId: number; canPost: boolean }) {
  const [text, setText] = useState('');
  const [uri, setUri] = useState('');
  const [hours, setHours] = useState('24');
  const [posted, post] = useAction(api, 'postRally');
  const [past, loadPast] = useAction(api, 'pastRallies');
  useEffect(() => void loadPast({ unionId }), [unionId]);
  return (
    <>
      {canPost && (
        <form
          class="card"
          onSubmit={(e) => {
            e.preventDefault();
            void post({ unionId, text, uri, hours: Number(hours) }).then((r) => r && loadPast({ unionId }));
          }}
        >
          <h2>Post a rally</h2>
          <div class="field">
            <label for="rally-text">Call to action ({MAX_RALLY_TEXT - new TextEncoder().encode(text).length} left)</label>
            <textarea id="rally-text" value={text} maxLength={MAX_RALLY_TEXT} onInput={(e) => setText(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="rally-link">Link (optional)</label>
            <input id="rally-link" value={uri} placeholder="https://…" onInput={(e) => setUri(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="rally-hours">Open for (hours)</label>
            <input id="rally-hours" inputMode="numeric" value={hours} onInput={(e) => setHours(e.currentTarget.value)} />
          </div>
          <button type="submit" disabled={!text.trim() || posted.state === 'busy'}>Post the rally</button>
          <Outcome action={posted} busyText="Waiting for your approval, then for the chain…" testId="rally-post-outcome" />
          {posted.state === 'done' && <p class="ok-text" data-testid="rally-posted">Posted: members are notified within a minute.</p>}
        </form>
      )}
      <section class="card">
        <h2>Past rallies</h2>
        <Outcome action={past} busyText="Reading the chain…" />
        {past.state === 'done' && past.value.rallies.length === 0 && <p class="muted">None yet.</p>}
        <ul class="tips" data-testid="past-rallies">
          {past.state === 'done' &&
            past.value.rallies.map((r) => (
              <li key={r.rallyId}>
                {safeText(r.text, 100)} · <strong>{formatCount(r.answers)}</strong> answered · <small class="muted">{deadlineText(r.deadline)}</small>
              </li>
            ))}
        </ul>
      </section>
    </>
  );
}
