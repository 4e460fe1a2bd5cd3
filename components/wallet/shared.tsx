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

/** The outcome line under a form: progress, error, or nothing. */
export function Outcome({ action, busyText, testId }: { action: Action<unknown>; busyText: string; testId?: string }) {
  if (action.state === 'busy') {
    return (
      <p class="muted" role="status" data-testid={testId}>
        <span class="spinner" aria-hidden="true" /> {busyText}
      </p>
    );
  }
  if (action.state === 'error') {
    return (
      <p class="error-text" role="alert" data-testid={testId}>
        {action.error}
      </p>
    );
  }
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
