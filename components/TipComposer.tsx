import { useEffect, useRef, useState } from 'preact/hooks';
import { useDismiss } from './Portal';
import type { TipActions } from './Tip';
import popoverCss from './popover.css?inline';
import composerCss from './tip-composer.css?inline';
import type { ResponseOf } from '@/lib/protocol';
import type { TipCurrency } from '@/lib/features/tips/protocol';
import { displayHandle } from '@/lib/identity/handles';
import { safeText } from '@/lib/format';

const PRESETS: Record<TipCurrency, string[]> = { eth: ['0.001', '0.01', '0.05'], token: ['1', '5', '20'] };

type Sending = { kind: 'idle' } | { kind: 'pending' } | { kind: 'done'; hash: string; amount: string } | { kind: 'error'; error: string; locked: boolean };

export interface TipComposerProps {
  handle: string;
  actions: TipActions;
  position: { top: number; left: number };
  onClose: () => void;
  anchor: HTMLElement | null;
}

/** The tip composer: presets, amount, currency, note; Send opens the approval window. Loaded on the first Tip click. */
export function TipComposer({ handle, actions, position, onClose, anchor }: TipComposerProps) {
  const [options, setOptions] = useState<ResponseOf<'tipOptions'> | { error: string } | null>(null);
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
      <style>{popoverCss + composerCss}</style>
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
