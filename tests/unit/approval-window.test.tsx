// @vitest-environment happy-dom
/** The approval window arms Approve only after it has been visible for a moment, so a click meant for the page under it never approves. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Approval } from '../../components/Approval';
import type { Api } from '../../lib/protocol/client';
import type { ApprovalRequest } from '../../lib/wallet/approvals';

const REQUEST: ApprovalRequest = {
  id: 'r1',
  kind: 'transaction',
  title: 'Tip 0.01 ETH to @priya_nu',
  fields: [{ label: 'Amount', value: '0.01 ETH' }],
  origin: 'https://x.com',
  createdAt: 0,
};

let root: HTMLElement;
let decisions: { id: string; approve: boolean }[];

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Renders the window for REQUEST and lets its request arrive. */
async function openWindow(): Promise<HTMLButtonElement> {
  const api = (async (name: string, params: { id: string; approve: boolean }) => {
    if (name === 'approvalGet') return { ok: true, value: { request: REQUEST } };
    decisions.push(params);
    return { ok: true, value: null };
  }) as unknown as Api;
  await act(async () => render(<Approval id="r1" api={api} close={() => undefined} />, root));
  await act(async () => undefined);
  const approve = [...root.querySelectorAll('button')].find((button) => button.textContent === 'Approve and send');
  expect(approve).toBeDefined();
  return approve!;
}

async function advance(ms: number) {
  await act(async () => void vi.advanceTimersByTime(ms));
}

beforeEach(() => {
  vi.useFakeTimers();
  setVisibility('visible');
  decisions = [];
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.useRealTimers();
});

describe('the approval window', () => {
  it('keeps Approve disabled for its first 0.6 s visible: a click then decides nothing', async () => {
    const approve = await openWindow();
    expect(approve.disabled).toBe(true);
    await advance(599);
    expect(approve.disabled).toBe(true);
    await act(async () => approve.click());
    expect(decisions).toEqual([]);
    await advance(1);
    expect(approve.disabled).toBe(false);
    await act(async () => approve.click());
    expect(decisions).toEqual([{ id: 'r1', approve: true }]);
  });

  it('counts only visible time: hidden, it disarms, and shown again it waits the whole delay anew', async () => {
    const approve = await openWindow();
    await advance(600);
    expect(approve.disabled).toBe(false);
    await act(async () => setVisibility('hidden'));
    expect(approve.disabled).toBe(true);
    await advance(5_000);
    expect(approve.disabled).toBe(true);
    await act(async () => setVisibility('visible'));
    await advance(599);
    expect(approve.disabled).toBe(true);
    await advance(1);
    expect(approve.disabled).toBe(false);
  });

  it('never puts focus on Approve', async () => {
    const approve = await openWindow();
    await advance(600);
    expect(document.activeElement).not.toBe(approve);
  });
});
