import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from '@/lib/protocol/client';
import type { ApprovalField, ApprovalRequest } from '@/lib/wallet/approvals';

/** How long the window must have been visible before Approve works: a click meant for the page under it never approves. */
const APPROVE_DELAY_MS = 600;

const KIND_LABELS = {
  transaction: { asked: 'Transaction', approve: 'Approve and send' },
  signature: { asked: 'Signature', approve: 'Approve and sign' },
} as const;

/** The approval window: who asks, exactly what would be signed, sent or encrypted, Approve / Reject. */
export function Approval({ id, api, close }: { id: string; api: Api; close: () => void }) {
  const [request, setRequest] = useState<ApprovalRequest | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [armed, setArmed] = useState(false);
  // Enter acts only once the member has moved focus to a control themselves.
  const chosenFocus = useRef(false);

  useEffect(() => {
    void api('approvalGet', { id }).then((result) => setRequest(result.ok ? result.value.request : null));
  }, [id, api]);

  useEffect(() => {
    if (!request) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      if (document.visibilityState === 'visible') timer = setTimeout(() => setArmed(true), APPROVE_DELAY_MS);
      else setArmed(false);
    };
    arm();
    document.addEventListener('visibilitychange', arm);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', arm);
    };
  }, [request]);

  useEffect(() => {
    if (!request) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Tab') chosenFocus.current = true;
      else if (event.key === 'Enter' && !chosenFocus.current) event.preventDefault();
    };
    // On release, so the window closes after the key's events, not between them.
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.key === 'Escape') void decide(false);
    };
    const onPointer = () => (chosenFocus.current = true);
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('keyup', onKeyUp, true);
    window.addEventListener('pointerdown', onPointer, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('keyup', onKeyUp, true);
      window.removeEventListener('pointerdown', onPointer, true);
    };
  }, [request]);

  async function decide(approve: boolean) {
    setBusy(true);
    const result = await api('approvalDecide', { id, approve });
    // Closing would reject: keep the window while the decision could not be recorded.
    if (!result.ok) {
      setError(`Your decision was not recorded: ${result.error}`);
      setBusy(false);
      return;
    }
    close();
  }

  if (request === undefined) return <main class="approval"><p class="muted" role="status">Loading the request…</p></main>;
  if (request === null) {
    return (
      <main class="approval">
        <p role="status">This request is no longer waiting: it was decided or withdrawn.</p>
        <button type="button" onClick={close}>Close</button>
      </main>
    );
  }
  return (
    <main class="approval" data-testid="approval">
      <p class="muted">{KIND_LABELS[request.kind].asked} requested by</p>
      <p class="origin" data-testid="approval-origin">{request.origin}</p>
      <h1 data-testid="approval-title">{request.title}</h1>
      <Fields fields={request.fields.filter((f) => !f.detail)} class="approval-fields" />
      {request.fields.some((f) => f.detail) && (
        <details class="approval-details">
          <summary>Details</summary>
          <Fields fields={request.fields.filter((f) => f.detail)} class="approval-raw" />
        </details>
      )}
      {error && <p class="error-text" role="alert">{error}</p>}
      <div class="row">
        <button type="button" class="secondary" onClick={() => void decide(false)} disabled={busy}>
          Reject
        </button>
        <button type="button" onClick={() => void decide(true)} disabled={busy || !armed}>
          {KIND_LABELS[request.kind].approve}
        </button>
      </div>
      <p class="muted">Closing this window or pressing Esc rejects the request. Nothing on a web page can approve it.</p>
    </main>
  );
}

function Fields({ fields, class: className }: { fields: ApprovalField[]; class: string }) {
  return (
    <dl class={`facts ${className}`}>
      {fields.map((field) => (
        <Fragment key={field.label}>
          <dt>{field.label}</dt>
          <dd class="wrap" data-field={field.label}>{field.value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
