import { useEffect, useState } from 'preact/hooks';
import type { Api } from '@/lib/protocol/client';
import type { ComposeDetails } from '@/lib/features/messaging/protocol';
import { displayHandle } from '@/lib/identity/handles';
import { formatCount, plural, safeText } from '@/lib/format';
import { RecipientChoice } from './RecipientPicker';

/**
 * Where a locked message or post is written: an extension window, so the host page never sees a
 * keystroke of the plaintext. Lock encrypts it for the conversation's peer (a DM) or the members
 * chosen here (a post), and only the armour goes back to the page's composer.
 */
export function Compose({ id, api, close }: { id: string; api: Api; close: () => void }) {
  const [details, setDetails] = useState<ComposeDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api('composeDetails', { id }).then((result) => (result.ok ? setDetails(result.value) : setError(result.error)));
  }, [id]);

  if (!details) {
    return <main class="approval">{error ? <p class="error-text" role="alert">{error}</p> : <p class="muted" role="status">Loading…</p>}</main>;
  }
  const bytes = new TextEncoder().encode(text.trim()).length;
  const fits = details.kind === 'dm' ? bytes <= details.maxBytes : chosen.length > 0 && bytes <= (details.picker.capacity[chosen.length - 1] ?? -1);

  async function lock() {
    setBusy(true);
    const result = await api('composeFinish', { id, plaintext: text, recipients: chosen });
    setBusy(false);
    if (result.ok) close();
    else setError(result.error);
  }

  return (
    <main class="approval" data-testid="compose">
      <p class="muted">Write it here: {safeText(details.origin, 60)} receives only the encrypted text.</p>
      <h1>{details.kind === 'dm' ? `Encrypted message to ${displayHandle(details.peerHandle)}` : `Encrypted ${details.site} post`}</h1>
      <textarea
        data-testid="compose-text"
        aria-label="Text to encrypt"
        rows={6}
        autoFocus={details.kind === 'dm'}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
      />
      {details.kind === 'dm' ? (
        <p class={fits ? 'small' : 'small warn'} role="status" data-testid="compose-room">
          {fits ? `${plural(details.maxBytes - bytes, 'byte', 'bytes')} left` : `${formatCount(bytes - details.maxBytes)} bytes too long for one message`}
        </p>
      ) : (
        <RecipientChoice picker={{ ...details.picker, draftBytes: bytes }} chosen={chosen} setChosen={setChosen} />
      )}
      {error && <p class="error-text" role="alert">{safeText(error, 200)}</p>}
      <div class="row">
        <button type="button" class="secondary" onClick={close} disabled={busy}>
          Cancel
        </button>
        <button type="button" onClick={() => void lock()} disabled={busy || !fits || text.trim() === ''}>
          {busy ? 'Locking…' : 'Lock and put it in the composer'}
        </button>
      </div>
    </main>
  );
}
