import { useEffect, useState } from 'preact/hooks';
import { safeText } from '@/lib/format';
import { formatDate, formatDuration, WEEK } from '@/lib/login/criterion';
import type { StakeSummary } from '@/lib/features/stake/protocol';
import type { Api } from '@/lib/protocol/client';
import { formatAmount } from '@/lib/wallet/amounts';
import { ErrorText, Outcome, useAction } from './shared';

/** YYYY-MM-DD of the first week boundary at least `days` after `now` (what a lock rounds to). */
function dateAfter(now: number, days: number): string {
  const unlock = Math.ceil((now + days * 86_400) / WEEK) * WEEK;
  return new Date(unlock * 1000).toISOString().slice(0, 10);
}

/**
 * Stake: the wallet's lock of the union's token (amount, unlock date, time left, weight), adding
 * to it, extending it, withdrawing it once expired; and the union's login criterion with whether
 * the wallet meets it and, if not, what would.
 */
export function Stake({ api }: { api: Api }) {
  const [summary, setSummary] = useState<StakeSummary | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [amount, setAmount] = useState('100');
  const [date, setDate] = useState('');
  const [lock, runLock] = useAction(api, 'stakeLock');
  const [increase, runIncrease] = useAction(api, 'stakeIncrease');
  const [extend, runExtend] = useAction(api, 'stakeExtend');
  const [withdraw, runWithdraw] = useAction(api, 'stakeWithdraw');

  async function load() {
    const result = await api('stakeGet', {});
    if (result.ok) {
      setSummary(result.value);
      setLoadError(null);
      // 14 weeks on, rounded down to a Thursday, still leaves more than 90 days (a usual criterion).
      setDate((current) => current || dateAfter(result.value.now, 98));
    } else {
      setSummary(null);
      setLoadError(result.error);
    }
  }
  useEffect(() => void load(), [api]);

  async function after(run: Promise<unknown>) {
    if (await run) await load();
  }

  if (summary === undefined) return <p class="muted" role="status">Reading your stake…</p>;
  if (summary === null) return <ErrorText message={loadError ?? 'The stake could not be read.'} testId="stake-error" />;
  const symbol = summary.token?.symbol ?? 'tokens';
  const decimals = summary.token?.decimals ?? 18;
  const tokens = (units: string) => `${formatAmount(BigInt(units), decimals)} ${symbol}`;
  const l = summary.lock;
  const expired = l !== null && l.unlockTime <= summary.now;
  const busy = [lock, increase, extend, withdraw].some((a) => a.state === 'busy');

  return (
    <>
      <section class="card" aria-labelledby="criterion-title">
        <h2 id="criterion-title">Login criterion of {safeText(summary.unionName, 60)}</h2>
        <p data-testid="stake-criterion">{summary.criterion}</p>
        <p data-testid="stake-standing" class={summary.status === 'invested' ? 'ok-text' : undefined}>
          {summary.status === 'invested' ? 'You meet it. ' : 'You do not meet it. '}
          {summary.explanation}
        </p>
        <p class="muted">Community sites ask for it when you Sign in with Union.</p>
      </section>

      <section class="card" aria-labelledby="lock-title">
        <h2 id="lock-title">Your lock</h2>
        {!summary.token && <p>The union has no token yet: its leader names one first.</p>}
        {summary.token && !l && <p data-testid="stake-lock">No lock. Balance: {tokens(summary.balance)}.</p>}
        {l && (
          <dl class="facts" data-testid="stake-lock">
            <dt>Locked</dt>
            <dd>{tokens(l.amount)}</dd>
            <dt>Unlocks</dt>
            <dd>{formatDate(l.unlockTime)}{expired ? ' (expired)' : ` (${formatDuration(l.unlockTime - summary.now)} left)`}</dd>
            <dt>Weight</dt>
            <dd title="Amount × time left ÷ 4 years, as in Curve's vote-escrow">{tokens(l.weight)}</dd>
            <dt>Counts for your sponsors</dt>
            <dd>{l.counted ? 'Yes' : 'No (expired or another token)'}</dd>
          </dl>
        )}
        {summary.token && (
          <form onSubmit={(e) => { e.preventDefault(); void after(l ? runIncrease({ amount }) : runLock({ amount, unlockDate: date })); }}>
            <div class="field">
              <label for="stake-amount">{l ? 'Add' : 'Amount'} ({symbol})</label>
              <input id="stake-amount" inputMode="decimal" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
            </div>
            {!l && (
              <div class="field">
                <label for="stake-date">Locked until (rounded down to a Thursday, at most 4 years)</label>
                <input id="stake-date" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
              </div>
            )}
            <button type="submit" disabled={busy || expired}>{l ? 'Add to the lock' : 'Lock'}</button>
          </form>
        )}
        {l && !expired && (
          <form onSubmit={(e) => { e.preventDefault(); void after(runExtend({ unlockDate: date })); }}>
            <div class="field">
              <label for="stake-extend">Extend until</label>
              <input id="stake-extend" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
            </div>
            <button type="submit" class="secondary" disabled={busy}>Extend</button>
          </form>
        )}
        {l && expired && (
          <button type="button" onClick={() => void after(runWithdraw({}))} disabled={busy}>Withdraw {tokens(l.amount)}</button>
        )}
        {[lock, increase, extend, withdraw].map((action, i) => (
          <Outcome key={i} action={action} busyText="Waiting for your approval…" testId="stake-outcome" />
        ))}
      </section>

      <section class="card" aria-labelledby="support-stake-title">
        <h2 id="support-stake-title">Stake-weighted support</h2>
        <p data-testid="support-stake">{tokens(summary.supportStake)} locked across your support base.</p>
      </section>
    </>
  );
}
