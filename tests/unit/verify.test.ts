import { describe, expect, it } from 'vitest';
import type { Address } from 'viem';
import type { ChainProfile, Membership } from '@/lib/chain/types';
import { accountView, verifyProfile } from '@/lib/identity/verify';

const OWNER = '0x469f8ef5846ce120AC6EDF7e216667587289A649' as Address;
const OTHER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' as Address;

function membership(unionId: number, vouched: boolean): Membership {
  return {
    unionId, unionName: `Union ${unionId}`, purpose: '', leader: OTHER, role: 'member', officerTitle: '', sponsor: OTHER, sponsorHandle: 'x:leader',
    directSupporters: 1, supportBase: 2, supportStake: '0', vouched, voucher: vouched ? OTHER : null,
  };
}
const chain = (owner: Address | null, memberships: Membership[]): ChainProfile => ({ owner, memberships });

describe('verification', () => {
  it('verifies a member whose claim a vouch backs', () => {
    const view = verifyProfile('x:alice', chain(OWNER, [membership(1, true)]), null, [1]);
    expect(view).toMatchObject({ state: 'verified', via: 'vouch', owner: OWNER, membership: { unionId: 1 } });
  });

  it('verifies a member whose bio names the claiming address', () => {
    expect(verifyProfile('x:alice', chain(OWNER, [membership(1, false)]), OWNER, [1])).toMatchObject({ state: 'verified', via: 'bio' });
  });

  it('shows a claim nothing backs as an unverified claim, without membership data', () => {
    const view = verifyProfile('x:alice', chain(OWNER, [membership(1, false)]), null, [1]);
    expect(view).toEqual({ handle: 'x:alice', state: 'unverified-claim', owner: OWNER });
  });

  it('refuses a vouched claim when the bio names another address', () => {
    expect(verifyProfile('x:alice', chain(OWNER, [membership(1, true)]), OTHER, [1]).state).toBe('unverified-claim');
  });

  it('shows nothing for a claimer who is no member, and for an unclaimed handle', () => {
    expect(verifyProfile('x:alice', chain(OWNER, []), OWNER, [1]).state).toBe('none');
    expect(verifyProfile('x:alice', chain(null, []), null, [1]).state).toBe('none');
  });

  it('calls a bio proof of an address that claims nothing an unverified claim', () => {
    expect(verifyProfile('x:alice', chain(null, []), OWNER, [1]).state).toBe('unverified-claim');
  });

  it('prefers the first followed union, and only a vouched one when the vouch is the evidence', () => {
    const both = chain(OWNER, [membership(1, false), membership(2, true), membership(3, true)]);
    expect(verifyProfile('x:alice', both, null, [3, 1, 2]).membership?.unionId).toBe(3);
    expect(verifyProfile('x:alice', both, null, [1, 2, 3]).membership?.unionId).toBe(2);
    expect(verifyProfile('x:alice', both, OWNER, [1, 2, 3]).membership?.unionId).toBe(1);
  });

  it('counts a vouch only in a followed union: a self-made union verifies nobody', () => {
    const forged = chain(OWNER, [membership(7, true)]);
    expect(verifyProfile('x:famous', forged, null, [1]).state).toBe('none');
    expect(verifyProfile('x:famous', forged, null, [1, 7])).toMatchObject({ state: 'verified', via: 'vouch', membership: { unionId: 7 } });
  });

  it('shows no union badge for a bio-proven member of unions the viewer does not follow', () => {
    const view = verifyProfile('x:alice', chain(OWNER, [membership(2, false)]), OWNER, [1]);
    expect(view).toEqual({ handle: 'x:alice', state: 'none' });
  });

  it('shows a membership of a followed union even when the owner is also in unfollowed ones', () => {
    const view = verifyProfile('x:alice', chain(OWNER, [membership(9, true), membership(1, false)]), OWNER, [1]);
    expect(view).toMatchObject({ state: 'verified', via: 'bio', membership: { unionId: 1 } });
  });
});

describe('one account under two handles', () => {
  const NAME = 'facebook:alice.smith';
  const ID = 'facebook:id:100001';
  const unclaimed = (handle: string) => verifyProfile(handle, chain(null, []), OWNER, [1]);

  it('shows the form whose claim exists, verified by the bio shown on the page', () => {
    const idClaimed = verifyProfile(ID, chain(OWNER, [membership(1, false)]), OWNER, [1]);
    expect(accountView([unclaimed(NAME), idClaimed])).toMatchObject({ handle: ID, state: 'verified', via: 'bio', owner: OWNER });
    expect(accountView([verifyProfile(NAME, chain(OWNER, [membership(1, true)]), null, [1]), verifyProfile(ID, chain(null, []), null, [1])])).toMatchObject({ handle: NAME, state: 'verified' });
  });

  it('verifies nothing when different owners claim the two forms, or a form is unanswered', () => {
    const mine = verifyProfile(NAME, chain(OWNER, [membership(1, true)]), null, [1]);
    const theirs = verifyProfile(ID, chain(OTHER, [membership(1, true)]), null, [1]);
    expect(accountView([mine, theirs])).toEqual({ handle: NAME, state: 'unverified-claim' });
    expect(accountView([mine, { handle: ID, state: 'offline' }])).toEqual({ handle: NAME, state: 'offline' });
  });

  it("lets no stranger's claim of the other form hide a member", () => {
    const member = verifyProfile(ID, chain(OWNER, [membership(1, true)]), null, [1]);
    expect(accountView([verifyProfile(NAME, chain(OTHER, [membership(9, true)]), null, [1]), member])).toMatchObject({ handle: ID, state: 'verified', owner: OWNER });
  });

  it('is the shown form when no form is claimed', () => {
    expect(accountView([unclaimed(NAME), unclaimed(ID)])).toMatchObject({ handle: NAME });
  });
});
