import { useEffect, useState } from 'preact/hooks';
import { displayHandle } from '@/lib/identity/handles';
import { safeText, shortAddress } from '@/lib/format';
import type { ResponseMap, Result } from '@/lib/messages';

type LockOutcome = { error: string; locked: boolean } | null;

/**
 * By a composer: replaces the draft with an envelope. `check` says beforehand why locking
 * cannot work here (a DM peer who is not a verified member, or has no messaging key).
 */
export function LockButton(props: { hint: string; sendLabel: string; color: string; check?: () => Promise<string | null>; lock: () => Promise<LockOutcome>; openWallet: () => void }) {
  const { hint, sendLabel, check, lock, openWallet } = props;
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'done' } | { kind: 'error'; error: string; locked: boolean }>({ kind: 'idle' });
  const [disabledReason, setDisabledReason] = useState<string | null>(null);
  // Checked again whenever the composer is drawn for another conversation.
  useEffect(() => {
    setDisabledReason(null);
    void check?.().then(setDisabledReason);
  }, [check]);
  return (
    <span class="nu-lock" style={{ color: props.color }}>
      <button
        type="button"
        class="nu-rank"
        data-nu="lock"
        disabled={disabledReason !== null || state.kind === 'busy'}
        title={disabledReason ?? hint}
        onClick={() => {
          setState({ kind: 'busy' });
          void lock().then((outcome) => setState(outcome ? { kind: 'error', ...outcome } : { kind: 'done' }));
        }}
      >
        🔒 {state.kind === 'busy' ? 'Locking…' : 'Lock'}
      </button>
      {disabledReason && <span class="nu-neutral" data-nu="lock-why">{disabledReason}</span>}
      {state.kind === 'done' && <span class="nu-vouched">Locked: press {sendLabel}</span>}
      {state.kind === 'error' && (
        <span class="nu-neutral" role="alert">
          {safeText(state.error, 160)}
          {state.locked && (
            <button type="button" class="nu-rank" onClick={openWallet}>
              Unlock
            </button>
          )}
        </span>
      )}
    </span>
  );
}

/** An armoured message as its reader sees it: the plaintext and who verifiably wrote it, or why not. */
export function DecryptedMessage({
  results,
  setCiphertextShown,
  openWallet,
}: {
  results: Result<ResponseMap['openArmour']>[];
  setCiphertextShown: (shown: boolean) => void;
  openWallet: () => void;
}) {
  const [shown, setShown] = useState(false);
  return (
    <div class="nu-decrypted">
      {results.map((result, i) => {
        if (!result.ok) return <p key={i} class="nu-neutral">{safeText(result.error, 160)}</p>;
        const value = result.value;
        if (!value.opened) {
          return (
            <p key={i} class="nu-neutral">
              {safeText(value.message, 160)}
              {value.reason === 'locked' && (
                <button type="button" class="nu-rank" onClick={openWallet}>
                  Unlock
                </button>
              )}
            </p>
          );
        }
        const sender = value.sender;
        return (
          <div key={i}>
            <p class="nu-plaintext">{value.plaintext}</p>
            <p class="nu-sender">
              🔒 encrypted ·{' '}
              {sender
                ? `${sender.self ? 'you' : displayHandle(sender.handle)} (${shortAddress(sender.address)}), verified`
                : 'sender not verified'}
            </p>
          </div>
        );
      })}
      <button
        type="button"
        class="nu-rank"
        onClick={() => {
          setShown(!shown);
          setCiphertextShown(!shown);
        }}
      >
        {shown ? 'Hide ciphertext' : 'Show ciphertext'}
      </button>
    </div>
  );
}
