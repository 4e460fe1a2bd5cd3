import { useEffect, useState } from 'preact/hooks';
import { displayHandle, toHandle } from '@/lib/identity/handles';
import { SITES } from '@/lib/sites/profiles';
import { safeText, formatCount, shortAddress } from '@/lib/format';
import { CopyButton, Outcome, useAction } from './shared';
import type { Api } from '@/lib/protocol/client';

/**
 * Joining a union as one guided flow: union, sponsor, bylaws, join, a site's handle, messaging key,
 * bio proof. Each signing step goes through the approval window.
 */
export function Onboarding({ api }: { api: Api }) {
  const [unions, loadUnions] = useAction(api, 'listUnions');
  const [unionId, setUnionId] = useState<number | null>(null);
  const [inviteCode, setInviteCode] = useState('');
  const [sponsorQuery, setSponsorQuery] = useState('');
  const [sponsor, findSponsor] = useAction(api, 'findMember');
  const [bylaws, acceptBylaws] = useAction(api, 'acceptBylaws');
  const [joined, join] = useAction(api, 'joinUnion');
  const [handle, setHandle] = useState('');
  const [site, setSite] = useState(SITES[0]!);
  const typedHandle = toHandle(site.platform, handle) ?? `${site.platform}:${handle.trim()}`;
  const [claimed, claim] = useAction(api, 'claimHandle');
  const [keyPublished, publishKey] = useAction(api, 'publishMessagingKey');
  const [proof, checkProof] = useAction(api, 'checkProof');

  useEffect(() => void loadUnions(), []);
  const union = unions.state === 'done' ? unions.value.unions.find((u) => u.id === unionId) : undefined;
  const viaInvite = inviteCode.trim() !== '';

  return (
    <ol class="steps" data-testid="onboarding">
      <li class="card" data-done={union !== undefined}>
        <h3>1. Choose a union</h3>
        <Outcome action={unions} busyText="Reading the registry…" />
        {unions.state === 'done' && unions.value.unions.length === 0 && <p class="muted">This registry has no union yet.</p>}
        {unions.state === 'done' &&
          unions.value.unions.map((u) => (
            <label key={u.id} class="row" style={{ justifyContent: 'flex-start' }}>
              <input type="radio" name="union" checked={unionId === u.id} onChange={() => setUnionId(u.id)} />
              <span>
                <strong>{safeText(u.name, 60)}</strong> · {formatCount(u.size)} members{u.inviteOnly ? ' · by invitation' : ''}
                <br />
                <small class="muted">{safeText(u.purpose, 200)}</small>
              </span>
            </label>
          ))}
      </li>
      <li class="card" data-done={viaInvite || sponsor.state === 'done'}>
        <h3>2. Choose your sponsor</h3>
        <p class="muted">The member you support. Search by handle (e.g. @alice) or address, or paste an invite code you were given.</p>
        <div class="field">
          <label for="sponsor">Sponsor</label>
          <div class="row">
            <input id="sponsor" value={sponsorQuery} placeholder="@handle or 0x…" onInput={(e) => setSponsorQuery(e.currentTarget.value)} disabled={viaInvite} />
            <button
              type="button"
              disabled={!union || !sponsorQuery.trim() || viaInvite || sponsor.state === 'busy'}
              onClick={() => union && void findSponsor({ unionId: union.id, query: sponsorQuery })}
            >
              Find
            </button>
          </div>
        </div>
        <Outcome action={sponsor} busyText="Looking up…" testId="sponsor-outcome" />
        {sponsor.state === 'done' && (
          <p data-testid="sponsor-found">
            {sponsor.value.handle ? displayHandle(sponsor.value.handle) : ''} {shortAddress(sponsor.value.address)} · {sponsor.value.role}
          </p>
        )}
        <div class="field">
          <label for="invite">Invite code (optional)</label>
          <input id="invite" value={inviteCode} spellcheck={false} placeholder="nu-invite1:…" onInput={(e) => setInviteCode(e.currentTarget.value)} />
        </div>
      </li>
      <li class="card" data-done={bylaws.state === 'done'}>
        <h3>3. Read and accept the bylaws</h3>
        {union ? <p class="mono">SHA-256 of the bylaws: {union.bylawsHash}</p> : <p class="muted">Choose a union first.</p>}
        <button type="button" disabled={!union || bylaws.state === 'busy'} onClick={() => union && void acceptBylaws({ unionId: union.id })}>
          Accept and sign
        </button>
        <Outcome action={bylaws} busyText="Waiting for your approval…" testId="bylaws-outcome" />
        {bylaws.state === 'done' && <p class="mono ok-text" data-testid="bylaws-signature">Signed: {bylaws.value.signature.slice(0, 24)}…</p>}
      </li>
      <li class="card" data-done={joined.state === 'done'}>
        <h3>4. Join</h3>
        <button
          type="button"
          disabled={!union || bylaws.state !== 'done' || (!viaInvite && sponsor.state !== 'done') || joined.state === 'busy' || joined.state === 'done'}
          onClick={() =>
            union &&
            void join({ unionId: union.id, sponsor: sponsor.state === 'done' ? sponsor.value.address : '', inviteCode })
          }
        >
          Join {union ? safeText(union.name, 40) : ''}
        </button>
        <Outcome action={joined} busyText="Waiting for your approval, then for the chain…" testId="join-outcome" />
        {joined.state === 'done' && <p class="ok-text" data-testid="joined">Joined. Transaction {shortAddress(joined.value.hash)}</p>}
      </li>
      <li class="card" data-done={claimed.state === 'done'}>
        <h3>5. Claim your handle</h3>
        <div class="row">
          <select aria-label="Site" value={site.platform} onChange={(e) => setSite(SITES.find((s) => s.platform === e.currentTarget.value) ?? SITES[0]!)}>
            {SITES.map((s) => (
              <option key={s.platform} value={s.platform}>
                {s.name}
              </option>
            ))}
          </select>
          <input id="handle" aria-label={`Your ${site.name} handle`} placeholder={site.nameExample} value={handle} onInput={(e) => setHandle(e.currentTarget.value)} />
          <button type="button" disabled={!handle.trim() || claimed.state === 'busy'} onClick={() => void claim({ handle: typedHandle })}>
            Claim
          </button>
        </div>
        <Outcome action={claimed} busyText="Waiting for your approval, then for the chain…" testId="claim-outcome" />
      </li>
      <li class="card" data-done={keyPublished.state === 'done'}>
        <h3>6. Publish your messaging key</h3>
        <p class="muted">So members can send you encrypted messages.</p>
        <button type="button" disabled={keyPublished.state === 'busy' || keyPublished.state === 'done'} onClick={() => void publishKey()}>
          Publish
        </button>
        <Outcome action={keyPublished} busyText="Waiting for your approval, then for the chain…" testId="key-outcome" />
        {keyPublished.state === 'done' && <p class="ok-text" data-testid="key-published">Published.</p>}
      </li>
      <li class="card" data-done={proof.state === 'done' && proof.value.seen}>
        <h3>7. Put the proof in your {site.name} {site.bio.field}</h3>
        {claimed.state === 'done' ? (
          <>
            <p>
              Add this to your {site.name} {site.bio.field} (it fits in its {site.bio.limit} characters), then open your profile on {site.hosts[0]} and come back:
            </p>
            <div class="row">
              <code class="mono" data-testid="bio-proof">{claimed.value.proof}</code>
              <CopyButton text={claimed.value.proof} />
            </div>
            <button type="button" class="secondary" onClick={() => void checkProof({ handle: typedHandle })}>
              Check my profile
            </button>
            <Outcome action={proof} busyText="Checking…" />
            {proof.state === 'done' && (
              <p class={proof.value.seen ? 'ok-text' : 'muted'} data-testid="proof-check">
                {proof.value.seen ? 'Seen on your profile: your badge shows.' : `Not seen yet: open your ${site.name} profile with the extension, then check again.`}
              </p>
            )}
          </>
        ) : (
          <p class="muted">Claim your handle first.</p>
        )}
      </li>
    </ol>
  );
}
