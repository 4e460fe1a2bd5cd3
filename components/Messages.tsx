import { safeText } from '@/lib/format';
import { trusted } from './trusted';

/** What a lock attempt came to: null when the draft was replaced by the envelope. */
export type LockOutcome = { error: string; locked: boolean } | null;

export type LockState = { kind: 'idle' | 'busy' | 'done' } | { kind: 'error'; error: string; locked: boolean };

/**
 * By a composer: opens the composer window and puts its envelope in the draft's place. `why` says
 * beforehand why locking cannot work here (a group, a DM peer who is not a verified member, or
 * has no messaging key).
 */
export function LockButton(props: { hint: string; sendLabel: string; color: string; why: string | null; state: LockState; lock: () => void; openWallet: () => void }) {
  const { why, state, openWallet } = props;
  return (
    <span class="nu-lock" style={{ color: props.color }}>
      <button type="button" class="nu-rank" data-nu="lock" disabled={why !== null || state.kind === 'busy'} title={why ?? props.hint} onClick={(event) => event.isTrusted && props.lock()}>
        🔒 {state.kind === 'busy' ? 'Locking…' : 'Lock'}
      </button>
      {why && (
        <span class="nu-neutral nu-lock-why" data-nu="lock-why" title={why}>
          {why}
        </span>
      )}
      {state.kind === 'done' && <span class="nu-vouched">Locked: press {props.sendLabel}</span>}
      {state.kind === 'error' && (
        <span class="nu-neutral" role="alert">
          {safeText(state.error, 160)}
          {state.locked && (
            <button type="button" class="nu-rank" onClick={trusted(openWallet)}>
              Unlock
            </button>
          )}
        </span>
      )}
    </span>
  );
}
