import { keccak256, stringToHex, type Hex } from 'viem';

/** The demo union that `npm run chain` seeds and the demo and tests show. */
export const DEMO_UNION = {
  name: 'Open Source Union',
  purpose: 'Fund and defend open-source maintainers: one public good shipped every week.',
  bylaws:
    'Bylaws of the Open Source Union.\n1. Every member supports one sponsor and may switch at any time.\n' +
    '2. The leader appoints officers; officers post the daily call to action.\n' +
    '3. Admission is by a member who has met you; vouches are public and revocable.\n',
};

export interface DemoMember {
  /** Registry handle, e.g. x:mara_union. */
  handle: string;
  displayName: string;
  /** Sponsor's handle; null for the leader. */
  sponsor: string | null;
  /** Whether the sponsor (for the leader: the first officer) vouches for the claim on-chain. */
  vouched: boolean;
  /** What the demo X profile's bio proves: its own address, another address, or nothing. */
  bioProof: 'own' | 'foreign' | 'none';
  officerTitle?: string;
  privateKey: Hex;
  /** Bio text before any proof. */
  bio: string;
}

const FIRST = [
  'priya', 'tomas', 'lena', 'kofi', 'amara', 'jonas', 'mei', 'rafael', 'sana', 'oskar', 'nia', 'dmitri', 'yuki',
  'farah', 'elias', 'zoe', 'kwame', 'ines', 'arjun', 'hana', 'mateo', 'leila', 'finn', 'chloe', 'omar', 'ada',
  'bruno', 'ivy', 'kenji', 'lucia', 'nadia', 'pavel', 'rosa', 'sami', 'tara', 'uma', 'viktor', 'wen', 'xena',
  'yara', 'zane', 'abel', 'bea', 'cyrus', 'dara', 'emil', 'gia', 'hugo', 'iris', 'jude', 'kira', 'luca', 'maya',
  'noor', 'otto', 'pia',
];
const LAST = ['Okafor', 'Silva', 'Berg', 'Mensah', 'Nakamura', 'Haddad', 'Novak', 'Reyes', 'Kowalski', 'Dubois', 'Ito', 'Chen'];
const TOPICS = [
  'Rust and coffee', 'maintainer of small parsers', 'docs are a feature', 'open data for cities', 'compilers, cycling',
  'accessibility first', 'typescript all day', 'mesh networks', 'teaching kids to code', 'cryptography nerd',
];

function keyFor(handle: string): Hex {
  return keccak256(stringToHex(`network-union-demo:${handle}`));
}

function member(handle: string, displayName: string, sponsor: string | null, index: number, extra: Partial<DemoMember> = {}): DemoMember {
  return {
    handle,
    displayName,
    sponsor,
    vouched: true,
    bioProof: 'none',
    privateKey: keyFor(handle),
    bio: `${TOPICS[index % TOPICS.length]} · member of the Open Source Union`,
    ...extra,
  };
}

/**
 * The leader, four level-one members (two of them officers), three supporters each, three under
 * each of those, and a few deeper: 57 members on five levels, every one bound to a demo X handle
 * and vouched by its sponsor. Then the special cases the overlay must get right.
 */
export function demoMembers(): DemoMember[] {
  const members: DemoMember[] = [];
  let next = 0;
  const add = (sponsor: string | null, extra: Partial<DemoMember> = {}) => {
    const first = FIRST[next % FIRST.length]!;
    const handle = `x:${first}_${['nu', 'os', 'dev', 'co'][Math.floor(next / FIRST.length) % 4]}`;
    const m = member(handle, `${first[0]!.toUpperCase()}${first.slice(1)} ${LAST[next % LAST.length]}`, sponsor, next, extra);
    next += 1;
    members.push(m);
    return m.handle;
  };

  members.push(member('x:mara_union', 'Mara Okafor', null, 0, { bio: 'Leader of the Open Source Union. Building the maintainers’ safety net.', bioProof: 'own' }));
  const level1 = [
    add('x:mara_union', { officerTitle: 'Organiser' }),
    add('x:mara_union', { officerTitle: 'Treasurer' }),
    add('x:mara_union'),
    add('x:mara_union'),
  ];
  const level2 = level1.flatMap((sponsor) => [add(sponsor), add(sponsor), add(sponsor)]);
  const level3 = level2.flatMap((sponsor) => [add(sponsor), add(sponsor), add(sponsor)]);
  level3.slice(0, 4).forEach((sponsor) => add(sponsor));

  // A member whose claim no one vouched for, but whose X bio carries the proof: verified by the bio.
  members.push(member('x:kai_bioproof', 'Kai Bio-Proof', level1[2]!, 90, { vouched: false, bioProof: 'own' }));
  // A member whose claim nothing backs: a one-sided claim.
  members.push(member('x:ivy_unvouched', 'Ivy Unvouched', level1[3]!, 91, { vouched: false }));
  // A member whose X bio names another address than the one claiming the handle.
  members.push(member('x:sam_spoofed', 'Sam Spoofed', level1[3]!, 92, { vouched: false, bioProof: 'foreign' }));
  return members;
}

/** X profiles the demo serves that are not members. */
export const DEMO_OUTSIDERS = [
  { screenName: 'just_visiting', displayName: 'Just Visiting', bio: 'Not in any union. Here for the memes.' },
];
