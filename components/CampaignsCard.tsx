import { useEffect, useState } from 'preact/hooks';
import type { CampaignView } from '@/lib/features/campaigns/protocol';
import { safeText } from '@/lib/format';
import type { Api } from '@/lib/protocol/client';

/** The open campaigns of the member's unions at a glance: raised of goal, signers, step, deadline. */
export function CampaignsCard({ api, unionIds, openPage }: { api: Api; unionIds: number[]; openPage: (path: string) => void }) {
  const [open, setOpen] = useState<CampaignView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void Promise.all(unionIds.map((unionId) => api('unionCampaigns', { unionId }))).then((pages) => {
      const failed = pages.find((p) => !p.ok);
      if (failed && !failed.ok) return setError(failed.error);
      setOpen(pages.flatMap((p) => (p.ok ? p.value.campaigns.filter((c) => c.status === 'open') : [])));
    });
  }, [api, unionIds.join(',')]);
  if (error) return <p class="error-text small">Campaigns: {error}</p>;
  if (!open || open.length === 0) return null;
  return (
    <section class="card" data-testid="popup-campaigns" aria-labelledby="popup-campaigns-title">
      <h2 id="popup-campaigns-title">Campaigns</h2>
      <ul class="tips">
        {open.slice(0, 3).map((c) => (
          <li key={c.campaignId}>
            <button type="button" class="link" onClick={() => openPage(`campaign.html?union=${c.unionId}`)}>
              {safeText(c.targetName, 40)}
            </button>
            {' · '}
            {c.goal !== '0' ? `${c.raised} of ${c.goal} ${safeText(c.symbol, 12)} · ` : ''}
            {c.signatures} signed · step {c.step + 1} of {c.steps.length} · until {new Date(c.deadline * 1000).toLocaleDateString('en-GB')}
          </li>
        ))}
      </ul>
    </section>
  );
}
