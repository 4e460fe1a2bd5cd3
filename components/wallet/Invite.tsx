import { useState } from 'preact/hooks';
import { CopyButton, Outcome, useAction } from './shared';
import type { Api } from '@/lib/protocol/client';

/** A signed, single-use invite for one newcomer's address, which they paste into their onboarding. */
export function Invite({ api }: { api: Api }) {
  const [unionId, setUnionId] = useState('1');
  const [days, setDays] = useState('7');
  const [invitee, setInvitee] = useState('');
  const [invite, create] = useAction(api, 'createInvite');
  return (
    <form class="card" onSubmit={(e) => { e.preventDefault(); void create({ unionId: Number(unionId), days: Number(days), invitee: invitee.trim() }); }}>
      <h2>Invite someone</h2>
      <p class="muted">You become their sponsor. The code works once, until it expires, and only for the address you name: ask the newcomer for the address their wallet shows.</p>
      <div class="field">
        <label for="invite-invitee">For (their address, or handle once claimed)</label>
        <input id="invite-invitee" value={invitee} spellcheck={false} placeholder="0x… or @name" onInput={(e) => setInvitee(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="invite-union">Union id</label>
        <input id="invite-union" inputMode="numeric" value={unionId} onInput={(e) => setUnionId(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="invite-days">Valid for (days, 1 to 90)</label>
        <input id="invite-days" inputMode="numeric" value={days} onInput={(e) => setDays(e.currentTarget.value)} />
      </div>
      <button type="submit" disabled={invite.state === 'busy' || !invitee.trim()}>Create invite</button>
      <Outcome action={invite} busyText="Waiting for your approval…" />
      {invite.state === 'done' && (
        <>
          <p class="mono" data-testid="invite-code">{invite.value.code}</p>
          <p class="muted">For {invite.value.invitee}, valid until {new Date(invite.value.expiresAt).toLocaleString()}.</p>
          <CopyButton text={invite.value.code} label="Copy code" />
        </>
      )}
    </form>
  );
}
