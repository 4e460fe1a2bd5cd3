import { useEffect, useState } from 'preact/hooks';
import type { Api } from '@/lib/protocol/client';
import {
  CAMPAIGN_KINDS,
  CAMPAIGN_LIMITS,
  CAMPAIGN_OUTCOMES,
  type CampaignKind,
  type CampaignOutcome,
  type CampaignsPage as Page,
  type CampaignView,
} from '@/lib/features/campaigns/protocol';
import { formatCount, safeText } from '@/lib/format';
import { recordLine } from '@/lib/features/campaigns/record';
import { ErrorText, Outcome, useAction } from './wallet/shared';

const KIND_WORDS: Record<CampaignKind, string> = { 'bulk-purchase': 'Bulk purchase', reinstatement: 'Reinstatement', job: 'Job for a member', other: 'Other' };
const STATUS_WORDS: Record<CampaignView['status'], string> = { open: 'Open', won: 'Won', 'partly-won': 'Partly won', lost: 'Lost', withdrawn: 'Withdrawn' };
const OUTCOME_WORDS: Record<CampaignOutcome, string> = { won: 'Won', 'partly-won': 'Partly won', lost: 'Lost', withdrawn: 'Withdrawn' };

type Load = { state: 'loading' } | { state: 'error'; error: string } | { state: 'ready'; page: Page };

/** A union's campaigns: open one (leader, officers), back and sign (members), escalate and decide, and the union's record. */
export function CampaignsPage({ api, unionId }: { api: Api; unionId: number | null }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [union, setUnion] = useState<number | null>(unionId);

  async function refresh(id: number) {
    const result = await api('unionCampaigns', { unionId: id });
    setLoad(result.ok ? { state: 'ready', page: result.value } : { state: 'error', error: result.error });
  }

  useEffect(() => {
    if (union !== null) {
      void refresh(union);
      return;
    }
    // No union in the address: the one of the settings.
    void api('getConfig').then((result) => {
      if (result.ok) setUnion(result.value.config.unionId);
      else setLoad({ state: 'error', error: result.error });
    });
  }, [union]);

  if (load.state === 'loading') {
    return (
      <main class="wallet campaigns">
        <h1>Campaigns</h1>
        <p class="muted" role="status">
          <span class="spinner" aria-hidden="true" /> Reading the union's campaigns from the chain…
        </p>
      </main>
    );
  }
  if (load.state === 'error') {
    return (
      <main class="wallet campaigns">
        <h1>Campaigns</h1>
        <ErrorText message={load.error} />
        <button type="button" onClick={() => union !== null && void refresh(union)}>
          Try again
        </button>
      </main>
    );
  }
  const { page } = load;
  const lead = page.role === 'leader' || page.role === 'officer';
  const reload = () => refresh(page.union.unionId);
  return (
    <main class="wallet campaigns">
      <header>
        <h1 data-testid="campaigns-union">Campaigns of {safeText(page.union.name, 60)}</h1>
        <p class="muted">
          Union #{page.union.unionId} · led by {page.union.leader} · {formatCount(page.union.size)} members
        </p>
      </header>
      <section class="card" aria-labelledby="record-title">
        <h2 id="record-title">Track record</h2>
        <p data-testid="campaign-record">{recordLine(page.record)}</p>
      </section>
      {lead && <OpenCampaign api={api} page={page} onOpened={reload} />}
      <section aria-labelledby="list-title">
        <h2 id="list-title">Campaigns</h2>
        {page.campaigns.length === 0 && <p class="muted">No campaigns yet.{lead ? ' Open the first one above.' : ''}</p>}
        {page.campaigns.map((c) => (
          <Campaign key={c.campaignId} api={api} campaign={c} page={page} lead={lead} onChanged={reload} />
        ))}
      </section>
    </main>
  );
}

function OpenCampaign({ api, page, onOpened }: { api: Api; page: Page; onOpened: () => Promise<void> }) {
  const [action, open] = useAction(api, 'openCampaign');
  const [currency, setCurrency] = useState<'eth' | 'token'>('eth');
  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '');
    const opened = await open({
      unionId: page.union.unionId,
      kind: text('kind') as CampaignKind,
      targetName: text('targetName'),
      targetUri: text('targetUri'),
      demand: text('demand'),
      currency,
      goal: text('goal'),
      payee: text('payee'),
      days: Number(text('days')),
      steps: text('steps').split('\n').map((s) => s.trim()).filter(Boolean).slice(0, CAMPAIGN_LIMITS.steps),
    });
    if (opened) {
      (event.target as HTMLFormElement).reset();
      await onOpened();
    }
  }
  return (
    <details class="card">
      <summary>Open a campaign</summary>
      <form onSubmit={(e) => void submit(e)} data-testid="open-campaign">
        <div class="field">
          <label for="c-kind">Kind</label>
          <select id="c-kind" name="kind">
            {CAMPAIGN_KINDS.map((k) => (
              <option value={k}>{KIND_WORDS[k]}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="c-target">Target (company, platform or agency)</label>
          <input id="c-target" name="targetName" required maxLength={CAMPAIGN_LIMITS.targetName} />
        </div>
        <div class="field">
          <label for="c-target-uri">Target's link (optional)</label>
          <input id="c-target-uri" name="targetUri" type="url" maxLength={CAMPAIGN_LIMITS.uri} />
        </div>
        <div class="field">
          <label for="c-demand">Demand</label>
          <textarea id="c-demand" name="demand" required rows={4} maxLength={CAMPAIGN_LIMITS.demand} />
        </div>
        <div class="field">
          <label for="c-steps">Escalation ladder, one step per line, in order</label>
          <textarea id="c-steps" name="steps" required rows={4} placeholder={'Letter\nEvery member posts\nBoycott\nSwitch provider'} />
        </div>
        <fieldset class="choices">
          <legend>Funding goal in</legend>
          <label class="choice">
            <input type="radio" name="currency" checked={currency === 'eth'} onChange={() => setCurrency('eth')} /> ETH
          </label>
          {page.union.token && (
            <label class="choice">
              <input type="radio" name="currency" checked={currency === 'token'} onChange={() => setCurrency('token')} /> {safeText(page.union.token.symbol, 12)}
            </label>
          )}
        </fieldset>
        <div class="field">
          <label for="c-goal">Goal (empty: no funding)</label>
          <input id="c-goal" name="goal" inputMode="decimal" />
        </div>
        <div class="field">
          <label for="c-payee">Payee on success (empty: you)</label>
          <input id="c-payee" name="payee" class="mono" />
        </div>
        <div class="field">
          <label for="c-days">Days until the deadline</label>
          <input id="c-days" name="days" type="number" min={1} max={CAMPAIGN_LIMITS.days} value="30" required />
        </div>
        <button type="submit" disabled={action.state === 'busy'}>
          Open campaign
        </button>
        <Outcome action={action} busyText="Waiting for approval and the chain…" testId="open-outcome" />
      </form>
    </details>
  );
}

function Campaign({ api, campaign: c, page, lead, onChanged }: { api: Api; campaign: CampaignView; page: Page; lead: boolean; onChanged: () => Promise<void> }) {
  const [pledge, runPledge] = useAction(api, 'pledgeCampaign');
  const [sign, runSign] = useAction(api, 'signCampaign');
  const [refund, runRefund] = useAction(api, 'refundCampaign');
  const [escalate, runEscalate] = useAction(api, 'escalateCampaign');
  const [decide, runDecide] = useAction(api, 'recordCampaignOutcome');
  const [payout, runPayout] = useAction(api, 'payoutCampaign');
  const [amount, setAmount] = useState('');
  const [outcome, setOutcome] = useState<CampaignOutcome>('won');
  const [evidence, setEvidence] = useState('');
  const [documentHash, setDocumentHash] = useState('');
  const then = (done: unknown) => (done ? onChanged() : undefined);

  const open = c.status === 'open' && page.now <= c.deadline;
  const funded = c.goal !== '0';
  const member = page.role !== 'none';
  const succeeded = (c.status === 'won' || c.status === 'partly-won') && funded && Number(c.raised) >= Number(c.goal);
  const link = /^https:\/\//.test(c.targetUri) ? c.targetUri : null;
  const deadline = new Date(c.deadline * 1000).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const title = `campaign-${c.campaignId}-title`;
  return (
    <article class="card campaign" aria-labelledby={title} data-testid={`campaign-${c.campaignId}`}>
      <h3 id={title}>
        #{c.campaignId} · {safeText(c.targetName, 64)} <span class="muted">· {KIND_WORDS[c.kind]}</span>
      </h3>
      <p>
        <strong data-testid="campaign-status">{STATUS_WORDS[c.status]}</strong>
        {link && (
          <>
            {' · '}
            <a href={link} target="_blank" rel="noreferrer noopener">
              {safeText(link, 60)}
            </a>
          </>
        )}
      </p>
      <p class="demand">{c.demand}</p>
      <ol class="ladder" aria-label="Escalation ladder">
        {c.steps.map((s, i) => (
          <li aria-current={i === c.step ? 'step' : undefined} class={i < c.step ? 'done' : i === c.step ? 'current' : ''}>
            {safeText(s, 100)}
          </li>
        ))}
      </ol>
      <dl class="facts">
        {funded && (
          <>
            <dt>Raised</dt>
            <dd data-testid="campaign-raised">
              {c.raised} of {c.goal} {safeText(c.symbol, 12)} · {formatCount(c.backers)} backers
              <progress max={Number(c.goal)} value={Math.min(Number(c.raised), Number(c.goal))} aria-label="Raised of the goal" />
            </dd>
          </>
        )}
        <dt>Signed</dt>
        <dd data-testid="campaign-signed">
          {formatCount(c.signatures)} of {formatCount(page.union.size)} members{c.signed ? ' · you signed' : ''}
        </dd>
        <dt>Step</dt>
        <dd>
          {c.step + 1} of {c.steps.length}: {safeText(c.steps[c.step] ?? '', 100)}
        </dd>
        <dt>Deadline</dt>
        <dd>
          {deadline}
          {c.status === 'open' && !open ? ' (passed)' : ''}
        </dd>
        {c.myPledge !== '0' && (
          <>
            <dt>Your pledge</dt>
            <dd data-testid="my-pledge">
              {c.myPledge} {safeText(c.symbol, 12)}
            </dd>
          </>
        )}
        {c.evidenceUri && (
          <>
            <dt>Evidence</dt>
            <dd class="wrap">{c.evidenceUri}</dd>
          </>
        )}
        {c.documentHash && (
          <>
            <dt>Document</dt>
            <dd class="mono wrap">{c.documentHash}</dd>
          </>
        )}
      </dl>

      {open && funded && member && (
        <form
          class="input-row"
          onSubmit={(e) => {
            e.preventDefault();
            void runPledge({ campaignId: c.campaignId, amount }).then(then);
          }}
        >
          <label class="sr-only" for={`pledge-${c.campaignId}`}>
            Amount to pledge in {c.symbol}
          </label>
          <input id={`pledge-${c.campaignId}`} inputMode="decimal" placeholder={`Amount in ${c.symbol}`} value={amount} onInput={(e) => setAmount(e.currentTarget.value)} required />
          <button type="submit" disabled={pledge.state === 'busy'}>
            Pledge
          </button>
        </form>
      )}
      <Outcome action={pledge} busyText="Waiting for approval and the chain…" />
      <div class="row">
        {open && member && !c.signed && (
          <button type="button" disabled={sign.state === 'busy'} onClick={() => void runSign({ campaignId: c.campaignId }).then(then)}>
            Sign
          </button>
        )}
        {c.refundable && c.myPledge !== '0' && (
          <button type="button" disabled={refund.state === 'busy'} onClick={() => void runRefund({ campaignId: c.campaignId }).then(then)}>
            Refund my {c.myPledge} {safeText(c.symbol, 12)}
          </button>
        )}
        {succeeded && !c.paidOut && (
          <button type="button" disabled={payout.state === 'busy'} onClick={() => void runPayout({ campaignId: c.campaignId }).then(then)}>
            Pay the payee
          </button>
        )}
        {lead && c.status === 'open' && c.step + 1 < c.steps.length && (
          <button type="button" class="secondary" disabled={escalate.state === 'busy'} onClick={() => void runEscalate({ campaignId: c.campaignId }).then(then)}>
            Escalate to “{safeText(c.steps[c.step + 1] ?? '', 40)}” and tell members
          </button>
        )}
      </div>
      <Outcome action={sign} busyText="Waiting for approval and the chain…" />
      <Outcome action={refund} busyText="Waiting for approval and the chain…" />
      <Outcome action={payout} busyText="Waiting for approval and the chain…" />
      <Outcome action={escalate} busyText="Two approvals: the step, then the rally to members…" />

      {lead && c.status === 'open' && (
        <details>
          <summary>Record the outcome</summary>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void runDecide({ campaignId: c.campaignId, outcome, evidenceUri: evidence, documentHash }).then(then);
            }}
          >
            <div class="field">
              <label for={`outcome-${c.campaignId}`}>Outcome</label>
              <select id={`outcome-${c.campaignId}`} value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as CampaignOutcome)}>
                {CAMPAIGN_OUTCOMES.map((o) => (
                  <option value={o}>{OUTCOME_WORDS[o]}</option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for={`evidence-${c.campaignId}`}>Evidence link (optional)</label>
              <input id={`evidence-${c.campaignId}`} type="url" maxLength={CAMPAIGN_LIMITS.uri} value={evidence} onInput={(e) => setEvidence(e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for={`document-${c.campaignId}`}>Document SHA-256 (optional, e.g. a signed letter)</label>
              <input id={`document-${c.campaignId}`} class="mono" value={documentHash} onInput={(e) => setDocumentHash(e.currentTarget.value)} />
            </div>
            <button type="submit" disabled={decide.state === 'busy'}>
              Record outcome
            </button>
            <Outcome action={decide} busyText="Waiting for approval and the chain…" />
          </form>
        </details>
      )}
    </article>
  );
}
