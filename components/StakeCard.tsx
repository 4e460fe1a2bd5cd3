import { useEffect, useState } from 'preact/hooks';
import type { StakeSummary } from '@/lib/features/stake/protocol';
import { safeText } from '@/lib/format';
import { formatDuration } from '@/lib/login/criterion';
import type { Api } from '@/lib/protocol/client';
import { formatAmount } from '@/lib/wallet/amounts';

/** The member's lock at a glance: amount, time left, and whether it meets the union's login criterion. */
export function StakeCard({ api, openPage }: { api: Api; openPage: (path: string) => void }) {
  const [summary, setSummary] = useState<StakeSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api('stakeGet', {}).then((r) => (r.ok ? setSummary(r.value) : setError(r.error)));
  }, [api]);
  const open = (
    <button type="button" class="link" onClick={() => openPage('wallet.html#stake')}>
      Open the Stake tab
    </button>
  );
  return (
    <section class="card" data-testid="popup-stake" aria-labelledby="popup-stake-title" aria-busy={!summary && !error}>
      <h2 id="popup-stake-title">Stake</h2>
      {!summary && !error && (
        <p class="muted" role="status">
          <span class="spinner" aria-hidden="true" /> Reading your stake…
        </p>
      )}
      {error && <p class="error-text small">{error}</p>}
      {summary && <StakeLines summary={summary} />}
      {(summary || error) && open}
    </section>
  );
}

function StakeLines({ summary }: { summary: StakeSummary }) {
  const symbol = safeText(summary.token?.symbol ?? 'tokens', 12);
  const { lock } = summary;
  const left = lock ? lock.unlockTime - summary.now : 0;
  return (
    <>
      <p data-testid="popup-stake-lock">
        {!lock && 'Nothing locked.'}
        {lock && `${formatAmount(BigInt(lock.amount), summary.token?.decimals ?? 18)} ${symbol} locked, ${left > 0 ? `${formatDuration(left)} left` : 'expired: withdraw it'}.`}
      </p>
      <p data-testid="popup-stake-standing" class={summary.status === 'invested' ? 'ok-text small' : 'small'}>
        {summary.status === 'invested' ? 'Meets the login criterion of ' : 'Does not meet the login criterion of '}
        {safeText(summary.unionName, 64)}
        {summary.status === 'invested' ? '.' : `: ${summary.explanation}`}
      </p>
    </>
  );
}
