import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { displayHandle, platformOf, toHandle } from '@/lib/identity/handles';
import { SITES } from '@/lib/sites/profiles';
import { safeText, formatCount, shortAddress } from '@/lib/format';
import type { WalletOverview } from '@/lib/features/wallet/protocol';
import type { UnionListing } from '@/lib/features/unions/protocol';
import type { Api } from '@/lib/protocol/client';
import { BioProofs, Receive } from './Funds';
import { useOverview } from './Overview';
import { Outcome, useAction, type Action } from './shared';

/** Under a refusal for want of ETH: the way to get some, right there. */
function FundsFix({ api, action, o, onFunded }: { api: Api; action: Action<unknown>; o: WalletOverview; onFunded: () => void }) {
  if (action.state !== 'error' || !action.error.startsWith('Not enough ETH')) return null;
  return <Receive api={api} address={o.address} chainId={o.chainId} chainName={o.chainName} testFunds={o.testFunds} onFunded={onFunded} />;
}

/** What the chain cannot tell before joining: the choices made so far, kept per account in this page's storage. */
interface Choices {
  unionId: number | null;
  sponsor: { address: string; handle: string } | null;
  inviteCode: string;
  /** The acceptance signed for these bylaws. */
  accepted: { unionId: number; bylawsHash: string; signature: string } | null;
}

const NO_CHOICES: Choices = { unionId: null, sponsor: null, inviteCode: '', accepted: null };

function useChoices(address: string) {
  const key = `onboarding:${address}`;
  const [choices, setChoices] = useState<Choices>(() => {
    try {
      return { ...NO_CHOICES, ...JSON.parse(localStorage.getItem(key) ?? '{}') };
    } catch {
      return NO_CHOICES;
    }
  });
  const update = (change: Partial<Choices>) =>
    setChoices((current) => {
      const next = { ...current, ...change };
      localStorage.setItem(key, JSON.stringify(next));
      return next;
    });
  return [choices, update] as const;
}

type StepId = 'fund' | 'union' | 'bylaws' | 'join' | 'claim' | 'key' | 'proof';

/**
 * Joining a union as one guided flow, one step open at a time: funds, union and sponsor, bylaws,
 * join, a site's handle, messaging key, bio proof. Which steps are done is read from the chain each
 * time the page opens (membership, claims, vouches, key, proof seen), so a reload continues where it was.
 */
export function Onboarding({ api }: { api: Api }) {
  const [overview, reload] = useOverview(api);
  useEffect(() => void reload(), []);
  if (overview.state !== 'done') return <Outcome action={overview.state === 'idle' ? { state: 'busy' } : overview} busyText="Reading your progress from the chain…" />;
  return <Steps api={api} o={overview.value} reload={() => void reload()} />;
}

function Steps({ api, o, reload }: { api: Api; o: WalletOverview; reload: () => void }) {
  const [choices, choose] = useChoices(o.address);
  const [unions, loadUnions] = useAction(api, 'listUnions');
  useEffect(() => void loadUnions(), []);
  const membership = o.memberships[0];
  const member = membership !== undefined;
  const union: UnionListing | undefined = unions.state === 'done' ? unions.value.unions.find((u) => u.id === (membership?.unionId ?? choices.unionId)) : undefined;
  const chosen = choices.unionId !== null && (choices.sponsor !== null || choices.inviteCode.trim() !== '');
  const accepted = choices.accepted !== null && choices.accepted.unionId === choices.unionId && choices.accepted.bylawsHash === union?.bylawsHash;
  const proven = o.handles.some((h) => h.proofSeen || h.vouched);

  const done: Record<StepId, boolean> = {
    fund: o.funded || member,
    union: member || chosen,
    bylaws: member || accepted,
    join: member,
    claim: o.handles.length > 0,
    key: o.messagingKeyPublished,
    proof: proven,
  };
  const order: StepId[] = ['fund', 'union', 'bylaws', 'join', 'claim', 'key', 'proof'];
  const active = order.find((id) => !done[id]) ?? null;

  const activeHeading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // Focus follows the flow once the member finished a step; not when the page opens.
    if (first.current) {
      first.current = false;
      return;
    }
    activeHeading.current?.focus();
  }, [active]);

  const step = (id: StepId, n: number, title: string, summary: ComponentChildren, body: () => ComponentChildren) => {
    const state = done[id] ? 'done' : id === active ? 'active' : 'todo';
    return (
      <li key={id} class={`step ${state}`} data-step={id} data-state={state} aria-current={state === 'active' ? 'step' : undefined}>
        <h3 ref={state === 'active' ? activeHeading : undefined} tabIndex={state === 'active' ? -1 : undefined}>
          <span class="step-mark" aria-hidden="true">{state === 'done' ? '✓' : n}</span>
          {title}
          {state === 'done' && <span class="visually-hidden"> (done)</span>}
        </h3>
        {state === 'done' && summary && <p class="muted step-summary">{summary}</p>}
        {state === 'active' && <div class="step-body">{body()}</div>}
      </li>
    );
  };

  return (
    <>
      {active === null && <Welcome o={o} unionName={membership?.unionName ?? ''} />}
      <ol class="steps" data-testid="onboarding" aria-label="Joining a union, step by step">
        {step('fund', 1, 'Get ETH for network fees', `${o.balance} ETH`, () => (
          <Receive api={api} address={o.address} chainId={o.chainId} chainName={o.chainName} testFunds={o.testFunds} onFunded={reload} />
        ))}
        {step(
          'union',
          2,
          'Choose a union and your sponsor',
          member ? safeText(membership.unionName, 60) : union ? `${safeText(union.name, 60)} · ${choices.sponsor ? (choices.sponsor.handle ? displayHandle(choices.sponsor.handle) : shortAddress(choices.sponsor.address)) : 'with an invite code'}` : null,
          () => <ChooseUnion api={api} unions={unions} choices={choices} choose={choose} />,
        )}
        {step('bylaws', 3, 'Read and accept the bylaws', accepted ? 'Accepted and signed' : null, () =>
          union ? <Bylaws api={api} union={union} onAccepted={(a) => choose({ accepted: a })} back={() => choose({ unionId: null, sponsor: null, inviteCode: '' })} /> : null,
        )}
        {step('join', 4, 'Join', member ? `Member of ${safeText(membership.unionName, 60)}` : null, () =>
          union ? <Join api={api} o={o} union={union} choices={choices} onJoined={reload} /> : null,
        )}
        {step('claim', 5, 'Claim your handle', o.handles.map((h) => displayHandle(h.handle)).join(', '), () => <Claim api={api} o={o} onClaimed={reload} />)}
        {step('key', 6, 'Publish your messaging key', 'Published', () => <PublishKey api={api} o={o} onPublished={reload} />)}
        {step('proof', 7, 'Put the proof in your bio', 'Seen on your profile', () => <Proof api={api} o={o} onSeen={reload} />)}
      </ol>
    </>
  );
}

function Welcome({ o, unionName }: { o: WalletOverview; unionName: string }) {
  const seen = o.handles.find((h) => h.proofSeen || h.vouched) ?? o.handles[0];
  const site = seen ? SITES.find((s) => s.platform === platformOf(seen.handle)) : undefined;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="card welcome" data-testid="welcome">
      <h2 ref={heading} tabIndex={-1}>You're a member of {safeText(unionName, 60)}</h2>
      <p data-testid="proof-check" class="ok-text">
        {seen?.proofSeen ? 'Seen on your profile: ' : 'Vouched for by your union: '}your badge shows to members who follow your union.
      </p>
      {seen && site && (
        <a href={site.profileUrl(seen.handle.slice(seen.handle.indexOf(':') + 1))} target="_blank" rel="noreferrer">
          Open your profile ({displayHandle(seen.handle)})
        </a>
      )}
      <h3>Your bio proofs</h3>
      <BioProofs handles={o.handles} />
    </section>
  );
}

function ChooseUnion({ api, unions, choices, choose }: { api: Api; unions: ReturnType<typeof useAction<'listUnions'>>[0]; choices: Choices; choose: (c: Partial<Choices>) => void }) {
  const [unionId, setUnionId] = useState<number | null>(choices.unionId);
  const [query, setQuery] = useState('');
  const [invite, setInvite] = useState(choices.inviteCode);
  const [sponsor, findSponsor] = useAction(api, 'findMember');
  return (
    <>
      <Outcome action={unions} busyText="Reading the registry…" />
      {unions.state === 'done' && unions.value.unions.length === 0 && <p class="muted">This registry has no union yet.</p>}
      {unions.state === 'done' && unions.value.unions.length > 0 && (
        <fieldset class="choices">
          <legend>Union</legend>
          {unions.value.unions.map((u) => (
            <label key={u.id} class="choice">
              <input type="radio" name="union" checked={unionId === u.id} onChange={() => setUnionId(u.id)} />
              <span>
                <strong>{safeText(u.name, 60)}</strong> #{u.id} · {formatCount(u.size)} members{u.inviteOnly ? ' · by invitation' : ''}
                <br />
                <small class="muted">{safeText(u.purpose, 200)}</small>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (unionId !== null && query.trim()) void findSponsor({ unionId, query });
        }}
      >
        <div class="field">
          <label for="sponsor">Your sponsor: the member you support (handle such as @alice, or address)</label>
          <div class="input-row">
            <input id="sponsor" value={query} placeholder="@handle or 0x…" onInput={(e) => setQuery(e.currentTarget.value)} />
            <button type="submit" disabled={unionId === null || !query.trim() || sponsor.state === 'busy'}>Find</button>
          </div>
        </div>
      </form>
      <Outcome action={sponsor} busyText="Looking up…" testId="sponsor-outcome" />
      {sponsor.state === 'done' && unionId !== null && (
        <div class="row start">
          <p data-testid="sponsor-found">
            {sponsor.value.handle ? displayHandle(sponsor.value.handle) : ''} {shortAddress(sponsor.value.address)} · {sponsor.value.role}
          </p>
          <button type="button" onClick={() => choose({ unionId, sponsor: { address: sponsor.value.address, handle: sponsor.value.handle }, inviteCode: '' })}>
            Continue with this sponsor
          </button>
        </div>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (unionId !== null && invite.trim()) choose({ unionId, sponsor: null, inviteCode: invite.trim() });
        }}
      >
        <div class="field">
          <label for="invite">Or an invite code you were given</label>
          <div class="input-row">
            <input id="invite" value={invite} spellcheck={false} placeholder="nu-invite1:…" onInput={(e) => setInvite(e.currentTarget.value)} />
            <button type="submit" class="secondary" disabled={unionId === null || !invite.trim()}>Use the invite</button>
          </div>
        </div>
      </form>
    </>
  );
}

function Bylaws({ api, union, onAccepted, back }: { api: Api; union: UnionListing; onAccepted: (a: NonNullable<Choices['accepted']>) => void; back: () => void }) {
  const [bylaws, load] = useAction(api, 'unionBylaws');
  const [acceptance, accept] = useAction(api, 'acceptBylaws');
  useEffect(() => void load({ unionId: union.id }), [union.id]);
  const text = bylaws.state === 'done' ? bylaws.value.text : null;
  return (
    <>
      <Outcome action={bylaws} busyText="Reading the bylaws from the chain…" />
      {bylaws.state === 'done' &&
        (text !== null ? (
          <>
            <div class="bylaws" tabIndex={0} role="region" aria-label={`Bylaws of ${safeText(union.name, 60)}`} data-testid="bylaws-text">
              {text}
            </div>
            <p class="ok-text" data-testid="bylaws-match">✓ This text matches the on-chain SHA-256 hash.</p>
          </>
        ) : (
          <p class="warn" role="alert" data-testid="bylaws-missing">
            The leader has not published the text of these bylaws: only their hash is on-chain, so you cannot read what you would accept. Ask the leader to publish
            them (npx union create-union --bylaws publishes them).
          </p>
        ))}
      <details class="small">
        <summary>Hash</summary>
        <code class="mono">SHA-256 {union.bylawsHash}</code>
      </details>
      <div class="row start">
        <button type="button" class="secondary" onClick={back}>Back</button>
        <button
          type="button"
          disabled={text === null || acceptance.state === 'busy'}
          onClick={() =>
            void accept({ unionId: union.id }).then((r) => r && onAccepted({ unionId: union.id, bylawsHash: r.bylawsHash, signature: r.signature }))
          }
        >
          Accept and sign
        </button>
      </div>
      <Outcome action={acceptance} busyText="Waiting for your approval…" testId="bylaws-outcome" />
    </>
  );
}

function Join({ api, o, union, choices, onJoined }: { api: Api; o: WalletOverview; union: UnionListing; choices: Choices; onJoined: () => void }) {
  const [joined, join] = useAction(api, 'joinUnion');
  return (
    <>
      <p>
        Joining records on-chain that you support{' '}
        {choices.sponsor ? (choices.sponsor.handle ? displayHandle(choices.sponsor.handle) : choices.sponsor.address) : 'the member who invited you'} in{' '}
        {safeText(union.name, 60)}.
      </p>
      <button
        type="button"
        disabled={joined.state === 'busy'}
        onClick={() => void join({ unionId: union.id, sponsor: choices.sponsor?.address ?? '', inviteCode: choices.inviteCode }).then((r) => r && onJoined())}
      >
        Join {safeText(union.name, 40)}
      </button>
      <Outcome action={joined} busyText="Waiting for your approval, then for the chain…" testId="join-outcome" />
      <FundsFix api={api} action={joined} o={o} onFunded={onJoined} />
    </>
  );
}

function Claim({ api, o, onClaimed }: { api: Api; o: WalletOverview; onClaimed: () => void }) {
  const [handle, setHandle] = useState('');
  const [site, setSite] = useState(SITES[0]!);
  const typedHandle = toHandle(site.platform, handle) ?? `${site.platform}:${handle.trim()}`;
  const [claimed, claim] = useAction(api, 'claimHandle');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (handle.trim()) void claim({ handle: typedHandle }).then((r) => r && !r.alreadyOwned && onClaimed());
      }}
    >
      <p class="muted">Claiming tells the registry this handle is yours; the bio proof in the next steps shows it.</p>
      <div class="input-row">
        <div class="field">
          <label for="site">Site</label>
          <select id="site" value={site.platform} onChange={(e) => setSite(SITES.find((s) => s.platform === e.currentTarget.value) ?? SITES[0]!)}>
            {SITES.map((s) => (
              <option key={s.platform} value={s.platform}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field grow">
          <label for="handle">Your {site.name} handle</label>
          <input id="handle" placeholder={site.nameExample} value={handle} onInput={(e) => setHandle(e.currentTarget.value)} />
        </div>
      </div>
      <button type="submit" disabled={!handle.trim() || claimed.state === 'busy'}>Claim</button>
      <Outcome action={claimed} busyText="Waiting for your approval, then for the chain…" testId="claim-outcome" />
      <FundsFix api={api} action={claimed} o={o} onFunded={onClaimed} />
      {claimed.state === 'done' && claimed.value.alreadyOwned && (
        <div role="status" data-testid="already-owned">
          <p class="ok-text">{claimed.value.summary}</p>
          <button type="button" onClick={onClaimed}>Continue</button>
        </div>
      )}
    </form>
  );
}

function PublishKey({ api, o, onPublished }: { api: Api; o: WalletOverview; onPublished: () => void }) {
  const [published, publish] = useAction(api, 'publishMessagingKey');
  return (
    <>
      <p class="muted">So members can send you encrypted messages. The key comes from your account key; only you can read what is sent to it.</p>
      <button type="button" disabled={published.state === 'busy'} onClick={() => void publish().then((r) => r && onPublished())}>
        Publish
      </button>
      <Outcome action={published} busyText="Waiting for your approval, then for the chain…" testId="key-outcome" />
      <FundsFix api={api} action={published} o={o} onFunded={onPublished} />
    </>
  );
}

function Proof({ api, o, onSeen }: { api: Api; o: WalletOverview; onSeen: () => void }) {
  const [check, checkProof] = useAction(api, 'checkProof');
  const first = o.handles[0];
  const site = first ? SITES.find((s) => s.platform === platformOf(first.handle)) : undefined;
  if (!first || !site) return null;
  return (
    <>
      <p>
        Add this line to your {site.name} {site.bio.field} (it fits in its {site.bio.limit} characters), then open your profile on {site.hosts[0]} with the extension
        and come back:
      </p>
      <BioProofs handles={o.handles} />
      <button type="button" class="secondary" disabled={check.state === 'busy'} onClick={() => void checkProof({ handle: first.handle }).then((r) => r?.seen && onSeen())}>
        Check my profile
      </button>
      <Outcome action={check} busyText="Checking…" />
      {check.state === 'done' && !check.value.seen && (
        <p class="muted" role="status" data-testid="proof-check">
          Not seen yet: open your {site.name} profile with the extension, then check again.
        </p>
      )}
    </>
  );
}
