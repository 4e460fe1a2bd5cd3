import { useEffect, useRef, useState } from 'preact/hooks';
import { useDismiss } from './Portal';
import { trusted } from './trusted';
import type { TipActions } from './Tip';
import popoverCss from './popover.css?inline';
import composerCss from './tip-composer.css?inline';
import type { ResponseOf } from '@/lib/protocol';
import type { TipCurrency } from '@/lib/features/tips/protocol';
import { displayHandle } from '@/lib/identity/handles';
import { isLightColor, safeText } from '@/lib/format';

const PRESETS: Record<TipCurrency, string[]> = { eth: ['0.001', '0.01', '0.05'], token: ['1', '5', '20'] };

type Sending = { kind: 'idle' } | { kind: 'pending' } | { kind: 'done'; hash: string; amount: string } | { kind: 'error'; error: string; locked: boolean };

export interface TipComposerProps {
  handle: string;
  actions: TipActions;
  position: { top: number; left: number };
  onClose: () => void;
  anchor: HTMLElement | null;
}

/** Light text where the Tip button sits means the host draws a dark theme. */
function isDarkHost(anchor: HTMLElement | null): boolean {
  const host = anchor?.getRootNode() instanceof ShadowRoot ? (anchor.getRootNode() as ShadowRoot).host : document.body;
  return isLightColor(getComputedStyle(host).color);
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
  // A form's submit event is trusted even when a page script's click() or requestSubmit() caused
  // it: only a submit right after the member's own click on Send or Enter in a field sends.
  const memberSubmits = useRef(false);

  const wallet = options && 'wallet' in options ? options.wallet : null;
  useEffect(() => {
    void actions.options().then((r) => setOptions(r.ok ? r.value : { error: r.error }));
  }, [actions]);
  // A locked wallet is unlocked in the extension's own page, never here; the tip resumes once it is.
  useEffect(() => {
    if (wallet !== 'locked' && wallet !== 'none') return;
    const timer = setInterval(() => void actions.options().then((r) => r.ok && r.value.wallet === 'unlocked' && setOptions(r.value)), 1_500);
    return () => clearInterval(timer);
  }, [actions, wallet]);
  useEffect(() => amountRef.current?.focus(), [wallet]);
  const dark = isDarkHost(anchor);
  useDismiss(true, () => [rootRef.current, anchor], onClose);

  const asset = options && 'currencies' in options ? options.currencies.find((c) => c.id === currency) : undefined;
  const symbol = asset?.symbol ?? 'ETH';
  const noEth = options !== null && 'currencies' in options && options.currencies[0]?.balance === '0';

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
      class={dark ? 'nu-popover nu-composer nu-dark' : 'nu-popover nu-composer'}
      role="dialog"
      aria-label={`Tip ${displayHandle(handle)}`}
      data-nu="composer"
      style={{ top: `${position.top}px`, left: `${position.left}px` }}
      onKeyDown={trusted((e) => e.key === 'Escape' && onClose())}
    >
      <style>{popoverCss + composerCss}</style>
      <form
        onClickCapture={(e) => (memberSubmits.current = e.isTrusted && (e.target as Element).matches('[data-nu="send"]'))}
        onKeyDownCapture={(e) => (memberSubmits.current = e.isTrusted && e.key === 'Enter')}
        onSubmit={(e) => {
          const member = e.isTrusted && memberSubmits.current;
          memberSubmits.current = false;
          if (member) void submit(e);
          else e.preventDefault();
        }}
      >
        <p class="nu-composer-title">Tip {displayHandle(safeText(handle, 40))}</p>
        {options === null && <p role="status">Loading…</p>}
        {options && 'error' in options && <p role="alert">{options.error}</p>}
        {wallet === 'none' && (
          <p role="status" data-nu="tip-setup">
            Tips are sent from your Network Union wallet.{' '}
            <button type="button" class="nu-rank" onClick={trusted(actions.openWallet)}>
              Set up your key
            </button>
          </p>
        )}
        {wallet === 'locked' && (
          <p role="status" data-nu="tip-locked">
            Your wallet is locked. Unlock it in the extension's wallet page: this tip waits here.{' '}
            <button type="button" class="nu-rank" onClick={trusted(actions.openWallet)}>
              Open the wallet to unlock
            </button>
          </p>
        )}
        {options && 'currencies' in options && wallet === 'unlocked' && sending.kind !== 'done' && (
          <>
            {options.currencies.length > 1 && (
              <div class="nu-choices" role="radiogroup" aria-label="Currency">
                {options.currencies.map((c) => (
                  <label key={c.id}>
                    <input
                      type="radio"
                      name="currency"
                      checked={currency === c.id}
                      onChange={trusted(() => {
                        setCurrency(c.id);
                        setAmount(PRESETS[c.id][1]!);
                      })}
                    />{' '}
                    {safeText(c.symbol, 12)} <span class="nu-muted">· {c.balance}</span>
                  </label>
                ))}
              </div>
            )}
            <div class="nu-choices">
              {PRESETS[currency].map((preset) => (
                <button type="button" key={preset} class="nu-preset" aria-pressed={amount === preset} onClick={trusted(() => setAmount(preset))}>
                  {preset}
                </button>
              ))}
            </div>
            <label class="nu-field">
              Amount ({safeText(symbol, 12)})
              <input ref={amountRef} data-nu="amount" inputMode="decimal" value={amount} onInput={trusted((e) => setAmount(e.currentTarget.value))} />
            </label>
            <label class="nu-field">
              Note (optional, kept in your browser)
              <input data-nu="note" maxLength={280} value={note} onInput={trusted((e) => setNote(e.currentTarget.value))} />
            </label>
            <p class="nu-muted" data-nu="tip-balance">
              You have {asset?.balance ?? '0'} {safeText(symbol, 12)} · network fee about {options.fee} ETH
            </p>
            {noEth && <p role="alert">No ETH to pay the network fee: fund your wallet first.</p>}
            <div class="nu-composer-actions">
              <button type="button" class="nu-rank" onClick={trusted(onClose)}>Close</button>
              <button type="submit" class="nu-send" data-nu="send" disabled={sending.kind === 'pending' || noEth}>
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
        {sending.kind === 'done' && (
          <div class="nu-composer-actions">
            <button type="button" class="nu-rank" onClick={trusted(() => setSending({ kind: 'idle' }))}>
              Tip again
            </button>
            <button type="button" class="nu-send" onClick={trusted(onClose)}>
              Done
            </button>
          </div>
        )}
        {sending.kind === 'error' && (
          <p role="alert" data-nu="tip-error">
            {safeText(sending.error, 200)}{' '}
            {sending.locked && (
              <button type="button" class="nu-rank" onClick={trusted(actions.openWallet)}>
                Open the wallet to unlock
              </button>
            )}
          </p>
        )}
      </form>
    </div>
  );
}
