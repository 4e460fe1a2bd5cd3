import { describe, expect, it } from 'vitest';
import type { Caller } from '@/lib/protocol';
import { createApprovalQueue, createPageWindowLimit, PAGE_WINDOW_LIMIT, PAGE_WINDOW_PERIOD_MS, RejectedError, type ApprovalDetails } from '@/lib/wallet/approvals';

const T = 1_700_000_000_000;
const EXTENSION: Caller = { kind: 'extension', origin: 'Network Union (this extension)' };
/** A content script's request from tab `tabId` of `origin`. */
const page = (tabId: number, origin = 'https://x.com'): Caller => ({ kind: 'content', origin, tabId, frameId: 0 });

function details(n: number): ApprovalDetails {
  return {
    kind: n % 2 ? 'transaction' : 'signature',
    title: `Request ${n}`,
    fields: [
      { label: 'Call', value: `UnionRegistry.call${n}` },
      { label: 'Gas estimate', value: `${n},000 gas` },
    ],
  };
}

/** A queue whose windows are recorded, not shown. The fixed clock makes ids `${T}-1`, `${T}-2`, … */
function setup() {
  const opened: string[] = [];
  const approvals = createApprovalQueue({ open: async (id) => void opened.push(id) }, () => T);
  const id = (n: number) => `${T}-${n}`;
  /** Starts a request (by default from its own tab) and reports how it ended, without an unhandled rejection. */
  const ask = (n: number, caller: Caller = page(n)) => {
    const outcome = { settled: false, approved: false, error: undefined as unknown };
    const done = approvals.request(caller, details(n)).then(
      () => Object.assign(outcome, { settled: true, approved: true }),
      (error: unknown) => Object.assign(outcome, { settled: true, error }),
    );
    return { outcome, done };
  };
  return { opened, approvals, id, ask };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('approval queue', () => {
  it('shows requests one at a time, in order, and only the head can be decided', async () => {
    const { opened, approvals, id, ask } = setup();
    const first = ask(1, page(1));
    const second = ask(2, EXTENSION);
    const third = ask(3, page(3, 'https://www.facebook.com'));
    await flush();
    expect(opened).toEqual([id(1)]);
    expect(approvals.pendingCount()).toBe(3);

    // The window reads what it shows: origin, kind, title and every field.
    expect(approvals.get(id(1))).toEqual({ ...details(1), id: id(1), origin: 'https://x.com', createdAt: T });
    expect(approvals.get(id(2))).toMatchObject({ origin: 'Network Union (this extension)', title: 'Request 2', fields: details(2).fields });
    expect(approvals.get('nope')).toBeNull();

    // Waiting requests cannot be decided ahead of their turn.
    expect(approvals.decide(id(2), true)).toBe(false);
    expect(approvals.decide(id(3), false)).toBe(false);
    expect(approvals.decide('nope', true)).toBe(false);
    await flush();
    expect(second.outcome.settled).toBe(false);
    expect(third.outcome.settled).toBe(false);

    // Approving the head resolves it and opens the next window.
    expect(approvals.decide(id(1), true)).toBe(true);
    await first.done;
    expect(first.outcome).toMatchObject({ settled: true, approved: true });
    expect(approvals.get(id(1))).toBeNull();
    expect(approvals.decide(id(1), true)).toBe(false);
    await flush();
    expect(opened).toEqual([id(1), id(2)]);

    // Rejecting throws RejectedError to the one who asked.
    expect(approvals.decide(id(2), false)).toBe(true);
    await second.done;
    expect(second.outcome.approved).toBe(false);
    expect(second.outcome.error).toBeInstanceOf(RejectedError);
    expect((second.outcome.error as Error).message).toMatch(/Rejected/);
    await flush();
    expect(opened).toEqual([id(1), id(2), id(3)]);

    expect(approvals.decide(id(3), true)).toBe(true);
    await third.done;
    expect(third.outcome.approved).toBe(true);
    expect(approvals.pendingCount()).toBe(0);
    await flush();
    expect(opened).toHaveLength(3);
  });

  it('closing the window rejects that request and shows the next', async () => {
    const { opened, approvals, id, ask } = setup();
    const first = ask(1);
    const second = ask(2);
    await flush();
    approvals.closed(id(1));
    await first.done;
    expect(first.outcome.error).toBeInstanceOf(RejectedError);
    expect(approvals.get(id(1))).toBeNull();
    await flush();
    expect(opened).toEqual([id(1), id(2)]);

    // The decided request's window closing afterwards changes nothing for the next one.
    approvals.decide(id(2), true);
    await second.done;
    approvals.closed(id(2));
    expect(second.outcome.approved).toBe(true);
  });

  it("an old window closing does not reject the request now shown", async () => {
    const { opened, approvals, id, ask } = setup();
    const first = ask(1);
    const second = ask(2);
    await flush();
    approvals.decide(id(1), true);
    await first.done;
    await flush();
    approvals.closed(id(1)); // the approval page closes itself after the decision
    await flush();
    expect(second.outcome.settled).toBe(false);
    expect(approvals.get(id(2))).not.toBeNull();
    expect(opened).toEqual([id(1), id(2)]);
    approvals.decide(id(2), false);
    await second.done;
    expect(second.outcome.error).toBeInstanceOf(RejectedError);
  });

  it('a waiting request whose window is closed is rejected without disturbing the head', async () => {
    const { opened, approvals, id, ask } = setup();
    const first = ask(1);
    const second = ask(2);
    const third = ask(3);
    await flush();
    approvals.closed(id(2));
    await second.done;
    expect(second.outcome.error).toBeInstanceOf(RejectedError);
    await flush();
    expect(opened).toEqual([id(1)]);
    expect(first.outcome.settled).toBe(false);
    approvals.decide(id(1), true);
    await first.done;
    await flush();
    expect(opened).toEqual([id(1), id(3)]);
    approvals.decide(id(3), true);
    await third.done;
    expect(third.outcome.approved).toBe(true);
  });

  it('opens a window straight away for a request arriving after the queue emptied', async () => {
    const { opened, approvals, id, ask } = setup();
    const first = ask(1);
    await flush();
    approvals.decide(id(1), true);
    await first.done;
    const second = ask(2);
    await flush();
    expect(opened).toEqual([id(1), id(2)]);
    approvals.decide(id(2), true);
    await second.done;
    expect(second.outcome.approved).toBe(true);
  });

  it('gives each request its own id even when the clock does not move', () => {
    const { approvals, id, ask } = setup();
    ask(1);
    ask(2);
    expect(id(1)).not.toBe(id(2));
    expect(approvals.get(id(1))?.title).toBe('Request 1');
    expect(approvals.get(id(2))?.title).toBe('Request 2');
  });

  // BUG (lib/wallet/approvals.ts, request/showHead): when windows.open fails (the window cannot be
  // created), request() throws but its entry stays at the head of the queue. No window shows it, so
  // nothing can decide or close it, and every later request waits behind it forever, unseen.
  it('does not keep a request whose window could not be opened, so later requests are still shown', async () => {
    const opened: string[] = [];
    let fail = true;
    const approvals = createApprovalQueue(
      {
        open: async (id) => {
          if (fail) throw new Error('windows.create failed');
          opened.push(id);
        },
      },
      () => T,
    );
    await expect(approvals.request(page(1), details(1))).rejects.toThrow();
    fail = false;
    const second = approvals.request(page(1), details(2)).catch(() => 'rejected');
    await flush();
    expect(approvals.get(`${T}-1`)).toBeNull();
    expect(opened).toEqual([`${T}-2`]);
    approvals.decide(`${T}-2`, false);
    expect(await second).toBe('rejected');
  });

  it('lets a tab have one request waiting at a time, refused before any window opens', async () => {
    const { opened, approvals, id, ask } = setup();
    const first = ask(1, page(7));
    const again = ask(2, page(7));
    await again.done;
    expect((again.outcome.error as Error).message).toMatch(/already waiting/);
    // The refusal took no place in the queue: ids are counted only for queued requests.
    expect(approvals.pendingCount()).toBe(1);
    // Another tab of the same site, and the extension's own pages, still queue behind it.
    const otherTab = ask(2, page(8));
    const mine = ask(3, EXTENSION);
    await flush();
    expect(opened).toEqual([id(1)]);
    expect(approvals.pendingCount()).toBe(3);
    approvals.decide(id(1), true);
    await first.done;
    // Once decided, the tab may ask again; it waits behind the others.
    const later = ask(4, page(7));
    await flush();
    expect(later.outcome.settled).toBe(false);
    expect(approvals.pendingCount()).toBe(3);
    for (const n of [2, 3, 4]) {
      approvals.decide(id(n), false);
      await flush();
    }
    await Promise.all([otherTab.done, mine.done, later.done]);
    expect(opened).toEqual([id(1), id(2), id(3), id(4)]);
  });

  it("never lets a page's request jump ahead of the member's own", async () => {
    const { opened, approvals, id, ask } = setup();
    const mine = ask(1, EXTENSION);
    const fromPage = ask(2, page(5));
    const mineToo = ask(3, EXTENSION);
    await flush();
    // The page cannot decide or reorder: only the head can be decided, and the page's is second.
    expect(approvals.decide(id(2), true)).toBe(false);
    for (const n of [1, 2, 3]) {
      approvals.decide(id(n), true);
      await flush();
    }
    await Promise.all([mine.done, fromPage.done, mineToo.done]);
    expect(opened).toEqual([id(1), id(2), id(3)]);
  });

  it(`lets a tab open at most ${PAGE_WINDOW_LIMIT} windows a minute, and never limits the extension's pages`, async () => {
    let clock = T;
    const opened: string[] = [];
    const approvals = createApprovalQueue({ open: async (id) => void opened.push(id) }, () => clock);
    const askAndReject = async (caller: Caller) => {
      const decision = approvals.request(caller, details(1)).catch((error: Error) => error);
      await flush();
      approvals.decide(opened.at(-1)!, false);
      return decision;
    };
    for (let i = 0; i < PAGE_WINDOW_LIMIT; i++) {
      clock += 1_000;
      expect(await askAndReject(page(3))).toBeInstanceOf(RejectedError);
    }
    const refused = await approvals.request(page(3), details(1)).catch((error: Error) => error);
    expect((refused as Error).message).toMatch(/too many windows/);
    expect(opened).toHaveLength(PAGE_WINDOW_LIMIT);
    // Other tabs and the extension's pages are not held back by that tab.
    expect(await askAndReject(page(4))).toBeInstanceOf(RejectedError);
    for (let i = 0; i < PAGE_WINDOW_LIMIT + 2; i++) expect(await askAndReject(EXTENSION)).toBeInstanceOf(RejectedError);
    // A minute after its first window, the tab may open one more.
    clock = T + 1_000 + PAGE_WINDOW_PERIOD_MS;
    expect(await askAndReject(page(3))).toBeInstanceOf(RejectedError);
    expect((await approvals.request(page(3), details(1)).catch((error: Error) => error) as Error).message).toMatch(/too many windows/);
  });

  it('counts every kind of window a tab opens against one limit', () => {
    let clock = T;
    const limit = createPageWindowLimit(() => clock, 2, 1_000);
    limit.take(page(1));
    limit.take(page(1));
    expect(() => limit.take(page(1))).toThrow(/too many windows/);
    expect(() => limit.take(EXTENSION)).not.toThrow();
    // A request without a tab is limited by its origin.
    const noTab: Caller = { kind: 'site', origin: 'https://forum.example' };
    limit.take(noTab);
    limit.take(noTab);
    expect(() => limit.take(noTab)).toThrow(/too many windows/);
    clock += 1_000;
    expect(() => limit.take(page(1))).not.toThrow();
  });

  it('shows chain and page text without bidi or invisible controls, the title on one line', async () => {
    const { approvals, id } = setup();
    void approvals.request({ kind: 'content', origin: 'https://x.com\u202e', tabId: 1 }, {
      kind: 'transaction',
      title: 'Tip 1 \u202eNOINU\u202c to\n<img src=x onerror=alert(1)>',
      fields: [{ label: 'Call\u200b', value: 'line one\nline\u2066two\u2069' }],
    }).catch(() => undefined);
    const shown = approvals.get(id(1))!;
    expect(shown.origin).toBe('https://x.com');
    expect(shown.title).toBe('Tip 1 NOINU to <img src=x onerror=alert(1)>');
    expect(shown.fields).toEqual([{ label: 'Call', value: 'line one\nlinetwo' }]);
  });
});
