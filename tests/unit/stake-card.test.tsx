// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StakeCard } from '../../components/StakeCard';
import type { StakeSummary } from '../../lib/features/stake/protocol';
import type { Api } from '../../lib/protocol/client';

const NOW = 1_800_000_000;
const summary = (overrides: Partial<StakeSummary>): StakeSummary => ({
  unionId: 1,
  unionName: 'Open Source Union',
  token: { address: '0x0000000000000000000000000000000000000001', symbol: 'UNION', decimals: 18 },
  balance: '0',
  criterion: 'At least 100 UNION locked with at least 90 days left',
  lock: null,
  status: 'no-lock',
  explanation: 'No lock for this union: lock 100 UNION until 4 Mar 2027 or later.',
  now: NOW,
  supportStake: '0',
  ...overrides,
});

let root: HTMLElement;
afterEach(() => render(null, root));

/** Renders the card with a background answering `answer` once `release` is called. */
function mount(answer: Awaited<ReturnType<Api>>) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const opened: string[] = [];
  const api = (async () => (await gate, answer)) as unknown as Api;
  root = document.createElement('div');
  document.body.append(root);
  render(<StakeCard api={api} openPage={(path) => opened.push(path)} />, root);
  return { release, opened, text: (id: string) => root.querySelector(`[data-testid="${id}"]`)?.textContent };
}

describe('the popup Stake card', () => {
  it('says it is reading, then the lock, its time left, the criterion met, and links to the Stake tab', async () => {
    const card = mount({ ok: true, value: summary({ lock: { amount: (100n * 10n ** 18n).toString(), unlockTime: NOW + 98 * 86_400, weight: '0', counted: true }, status: 'invested' }) });
    expect(root.textContent).toContain('Reading your stake…');
    card.release();
    await vi.waitFor(() => expect(card.text('popup-stake-lock')).toBe('100 UNION locked, 14 weeks left.'));
    expect(card.text('popup-stake-standing')).toBe('Meets the login criterion of Open Source Union.');
    root.querySelector<HTMLButtonElement>('button')!.click();
    expect(card.opened).toEqual(['wallet.html#stake']);
  });

  it('says nothing is locked and what would meet the criterion', async () => {
    const card = mount({ ok: true, value: summary({}) });
    card.release();
    await vi.waitFor(() => expect(card.text('popup-stake-lock')).toBe('Nothing locked.'));
    expect(card.text('popup-stake-standing')).toBe('Does not meet the login criterion of Open Source Union: No lock for this union: lock 100 UNION until 4 Mar 2027 or later.');
  });

  it('shows why the stake could not be read', async () => {
    const card = mount({ ok: false, error: 'The chain did not answer.' });
    card.release();
    await vi.waitFor(() => expect(root.textContent).toContain('The chain did not answer.'));
    expect(root.textContent).not.toContain('Reading your stake');
  });
});
