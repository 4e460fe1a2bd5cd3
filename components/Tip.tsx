import { useEffect, useRef, useState } from 'preact/hooks';
import { Portal, useDismiss } from './Portal';
import type { RequestOf, ResponseMap, Result, TipCurrency } from '@/lib/messages';
import { displayHandle } from '@/lib/identity/handles';
import { safeText } from '@/lib/format';

export interface TipActions {
  options(): Promise<Result<ResponseMap['tipOptions']>>;
  send(request: Omit<RequestOf<'tip'>, 'type' | 'handle' | 'url'>): Promise<Result<ResponseMap['tip']>>;
  openWallet(): void;
}

const PRESETS: Record<TipCurrency, string[]> = { eth: ['0.001', '0.01', '0.05'], token: ['1', '5', '20'] };

type Sending = { kind: 'idle' } | { kind: 'pending' } | { kind: 'done'; hash: string; amount: string } | { kind: 'error'; error: string; locked: boolean };

/** The Tip button, sized like the host's own action buttons, and its composer. */
export function TipButton({ handle, layer, actions, compact }: { handle: string; layer: HTMLElement; actions: TipActions; compact?: boolean }) {
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const close = () => {
    setPosition(null);
    buttonRef.current?.focus();
  };
  return (
    <>
      <button
        type="button"
        ref={buttonRef}
        class={compact ? 'nu-tip nu-tip-action' : 'nu-tip nu-rank'}
        data-nu="tip"
        aria-haspopup="dialog"
        aria-expanded={position !== null}
        aria-label={`Tip ${displayHandle(handle)}`}
        onClick={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          setPosition(position ? null : { top: Math.min(box.bottom + 6, window.innerHeight - 330), left: Math.max(8, Math.min(box.left, window.innerWidth - 308)) });
        }}
      >
        Tip
      </button>
      {position && (
        <Portal into={layer}>
          <TipComposer handle={handle} actions={actions} position={position} onClose={close} anchor={buttonRef.current} />
        </Portal>
      )}
    </>
  );
}

function TipComposer({ handle, actions, position, onClose, anchor }: { handle: string; actions: TipActions; position: { top: number; left: number }; onClose: () => void; anchor: HTMLElement | null }) {
  const [options, setOptions] = useState<ResponseMap['tipOptions'] | { error: string } | null>(null);
  const [currency, setCurrency] = useState<TipCurrency>('eth');
  const [amount, setAmount] = useState(PRESETS.eth[1]!);
  const [note, setNote] = useState('');
  const [sending, setSending] = useState<Sending>({ kind: 'idle' });
  // One id per tip: a double click or a retry of the same tip can never send twice.
  const [tipId, setTipId] = useState(() => crypto.randomUUID());
  const rootRef = useRef<HTMLDivElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void actions.options().then((r) => setOptions(r.ok ? r.value : { error: r.error }));
  }, [actions]);
  useEffect(() => amountRef.current?.focus(), [options]);
  useDismiss(true, () => [rootRef.current, anchor], onClose);

  const symbol = options && 'currencies' in options ? (options.currencies.find((c) => c.id === currency)?.symbol ?? 'ETH') : 'ETH';

  async function submit(event: Event) {
    event.preventDefault();
    if (sending.kind === 'pending') return;
    setSending({ kind: 'pending' });
    const result = await actions.send({ amount, currency, note, tipId });
    if (result.ok) {
      setSending({ kind: 'done', hash: result.value.hash, amount: `${amount} ${symbol}` });
      setTipId(crypto.randomUUID());
    } else {
      setSending({ kind: 'error', error: result.error, locked: result.locked === true });
      // A rejected or failed tip sent nothing: the next try is a new tip.
      setTipId(crypto.randomUUID());
    }
  }

  return (
    <div
      ref={rootRef}
      class="nu-popover nu-composer"
      role="dialog"
      aria-label={`Tip ${displayHandle(handle)}`}
      data-nu="composer"
      style={{ top: `${position.top}px`, left: `${position.left}px` }}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <form onSubmit={(e) => void submit(e)}>
        <p class="nu-composer-title">Tip {displayHandle(safeText(handle, 40))}</p>
        {options === null && <p role="status">Loading…</p>}
        {options && 'error' in options && <p role="alert">{options.error}</p>}
        {options && 'currencies' in options && (
          <>
            {options.currencies.length > 1 && (
              <div class="nu-choices" role="radiogroup" aria-label="Currency">
                {options.currencies.map((c) => (
                  <label key={c.id}>
                    <input
                      type="radio"
                      name="currency"
                      checked={currency === c.id}
                      onChange={() => {
                        setCurrency(c.id);
                        setAmount(PRESETS[c.id][1]!);
                      }}
                    />{' '}
                    {safeText(c.symbol, 12)}
                  </label>
                ))}
              </div>
            )}
            <div class="nu-choices">
              {PRESETS[currency].map((preset) => (
                <button type="button" key={preset} class="nu-preset" aria-pressed={amount === preset} onClick={() => setAmount(preset)}>
                  {preset}
                </button>
              ))}
            </div>
            <label class="nu-field">
              Amount ({safeText(symbol, 12)})
              <input ref={amountRef} data-nu="amount" inputMode="decimal" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
            </label>
            <label class="nu-field">
              Note (optional, kept in your browser)
              <input data-nu="note" maxLength={280} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
            </label>
            <div class="nu-composer-actions">
              <button type="button" class="nu-rank" onClick={onClose}>Close</button>
              <button type="submit" class="nu-send" data-nu="send" disabled={sending.kind === 'pending'}>
                {sending.kind === 'pending' ? 'Approve in the window…' : 'Send'}
              </button>
            </div>
          </>
        )}
        {sending.kind === 'done' && (
          <p role="status" data-nu="tip-done" class="nu-ok">
            Sent {safeText(sending.amount, 40)} ✓ <span title={sending.hash}>tx {sending.hash.slice(0, 10)}…{sending.hash.slice(-4)}</span>
          </p>
        )}
        {sending.kind === 'error' && (
          <p role="alert" data-nu="tip-error">
            {safeText(sending.error, 200)}{' '}
            {sending.locked && (
              <button type="button" class="nu-rank" onClick={actions.openWallet}>
                Open the wallet to unlock
              </button>
            )}
          </p>
        )}
      </form>
    </div>
  );
}
