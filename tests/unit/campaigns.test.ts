import { describe, expect, it } from 'vitest';
import { clipBytes, escalationRally } from '@/lib/features/campaigns/escalation';
import { recordLine } from '@/lib/features/campaigns/record';
import type { UnionRecord } from '@/lib/features/campaigns/protocol';

const bytes = (text: string) => new TextEncoder().encode(text).length;
const DAY = 86_400n;
const terms = { targetName: 'Grain Co', targetUri: 'https://grain.example', demand: 'Sell us rice at the bulk price.', steps: ['Letter', 'Every member posts', 'Boycott'] };

describe('escalation rally', () => {
  it('names the campaign, target and step, with the target as its link', () => {
    const rally = escalationRally({ campaignId: 4n, terms, step: 1, campaignDeadline: 1_000n + 5n * DAY, now: 1_000n });
    expect(rally).toEqual({ text: 'Campaign #4 against Grain Co, step 2 of 3: Every member posts. Sell us rice at the bulk price.', uri: 'https://grain.example', deadline: 1_000n + 5n * DAY });
  });

  it('stays open at least a day and at most the registry\'s 30 days', () => {
    expect(escalationRally({ campaignId: 1n, terms, step: 1, campaignDeadline: 500n, now: 1_000n }).deadline).toBe(1_000n + DAY);
    expect(escalationRally({ campaignId: 1n, terms, step: 1, campaignDeadline: 1_000n + 300n * DAY, now: 1_000n }).deadline).toBe(1_000n + 30n * DAY);
  });

  it('fits a long demand in 280 bytes without splitting a character', () => {
    const demand = 'Équité pour les coursiers 🚲 '.repeat(30);
    const { text } = escalationRally({ campaignId: 1n, terms: { ...terms, demand }, step: 2, campaignDeadline: 2n * DAY, now: 0n });
    expect(bytes(text)).toBeLessThanOrEqual(280);
    expect(text.endsWith('…')).toBe(true);
    expect(text).not.toContain('\uFFFD');
    expect(clipBytes('short', 280)).toBe('short');
    expect(clipBytes('🚲🚲🚲', 9)).toBe('🚲…');
  });
});

describe('record line', () => {
  const none: UnionRecord = { unionId: 1, won: 0, partlyWon: 0, lost: 0, withdrawn: 0, open: 0, ethRaised: '0', tokenRaised: null, backers: 0 };

  it('says when there are no campaigns', () => {
    expect(recordLine(none)).toBe('No campaigns yet.');
  });

  it('counts outcomes and what successful campaigns raised', () => {
    expect(recordLine({ ...none, won: 2, lost: 1, ethRaised: '1.5', backers: 1200 })).toBe('2 won, 1 lost · 1.5 ETH raised · 1,200 backers');
    expect(recordLine({ ...none, won: 1, partlyWon: 1, open: 2, ethRaised: '0', tokenRaised: { amount: '40', symbol: 'UNION' }, backers: 3 })).toBe(
      '1 won, 1 partly won, 0 lost, 2 open · 0 ETH and 40 UNION raised · 3 backers',
    );
  });
});
