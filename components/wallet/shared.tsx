import { useState } from 'preact/hooks';
import type { RequestType, ResponseOf } from '@/lib/protocol';
import type { Api, ParamsArg } from '@/lib/protocol/client';

export type Action<T> = { state: 'idle' } | { state: 'busy' } | { state: 'done'; value: T } | { state: 'error'; error: string };

/** One request with its loading and error states, for a button that starts it. */
export function useAction<T extends RequestType>(api: Api, type: T) {
  const [action, setAction] = useState<Action<ResponseOf<T>>>({ state: 'idle' });
  async function run(...params: ParamsArg<T>): Promise<ResponseOf<T> | null> {
    setAction({ state: 'busy' });
    const result = await api(type, ...params);
    setAction(result.ok ? { state: 'done', value: result.value } : { state: 'error', error: result.error });
    return result.ok ? result.value : null;
  }
  return [action, run, () => setAction({ state: 'idle' })] as const;
}

/**
 * A message split into what a person reads and the contract's own error, which the background
 * appends in brackets (`… [AlreadyMember(1, 0x…)]`, see lib/chain/errors.ts).
 */
export function splitDetails(message: string): { text: string; details: string | null } {
  const found = /^([\s\S]*?)\s*\[([A-Za-z]\w*\([\s\S]*\))\]$/.exec(message);
  return found ? { text: found[1]!, details: found[2]! } : { text: message, details: null };
}

/** An error in plain words; the contract's error name behind a Details toggle. */
export function ErrorText({ message, testId }: { message: string; testId?: string }) {
  const { text, details } = splitDetails(message);
  return (
    <div class="error-text" role="alert" data-testid={testId}>
      <p>{text}</p>
      {details && (
        <details class="small">
          <summary>Details</summary>
          <code class="mono">{details}</code>
        </details>
      )}
    </div>
  );
}

/** The outcome line under a form: progress, error, or nothing. */
export function Outcome({ action, busyText, testId }: { action: Action<unknown>; busyText: string; testId?: string }) {
  if (action.state === 'busy') {
    return (
      <p class="muted" role="status" data-testid={testId}>
        <span class="spinner" aria-hidden="true" /> {busyText}
      </p>
    );
  }
  if (action.state === 'error') return <ErrorText message={action.error} testId={testId} />;
  return null;
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      class="secondary"
      onClick={() => void navigator.clipboard.writeText(text).then(() => setCopied(true), () => setCopied(false))}
    >
      {copied ? 'Copied' : label}
    </button>
  );
}

/** A padlock drawn in SVG: an emoji shows as a box where no emoji font is installed. */
export function LockIcon({ open = false }: { open?: boolean }) {
  return (
    <svg class="icon" width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor" />
      <path d={open ? 'M5 7V5a3 3 0 0 1 5.8-1' : 'M5 7V5a3 3 0 0 1 6 0v2'} fill="none" stroke="currentColor" stroke-width="1.6" />
    </svg>
  );
}
