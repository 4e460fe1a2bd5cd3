/**
 * One queue of requests that need the member's approval. Each is shown, one at a time, in an
 * extension-owned window; nothing on a host page can approve. Closing the window rejects.
 * A host page's requests join the end of the queue like any other (none jumps it), at most one
 * per tab waits at a time, and a tab opens at most PAGE_WINDOW_LIMIT windows a minute.
 */
import { UnionError } from '../errors';
import { safeText, withoutControls } from '../format';
import type { Caller } from '../protocol/define';

export interface ApprovalField {
  label: string;
  value: string;
  /** Shown under Details (raw data, addresses, gas units), after what a person decides on. */
  detail?: boolean;
}

export interface ApprovalDetails {
  kind: 'transaction' | 'signature';
  /** One line: what happens if approved. */
  title: string;
  /** Exactly what is signed or sent: decoded call, value, gas, message or typed data. */
  fields: ApprovalField[];
}

export interface ApprovalRequest extends ApprovalDetails {
  id: string;
  /** Who asks: "Network Union (extension page)" or a site's origin. */
  origin: string;
  createdAt: number;
}

/** Windows or tabs (approvals, Lock windows, the wallet page) a host page's tab may have opened in PAGE_WINDOW_PERIOD_MS. */
export const PAGE_WINDOW_LIMIT = 10;
export const PAGE_WINDOW_PERIOD_MS = 60_000;

export class RejectedError extends UnionError {
  override name = 'RejectedError';
  constructor() {
    super('rejected', 'Rejected in the approval window: nothing was signed or sent.');
  }
}

export interface ApprovalWindows {
  /** Opens the approval window for request `id`; resolves once it is open. */
  open(id: string): Promise<void>;
}

/** Which host page's tab a request came from (its origin when the browser named no tab); null for the extension's own pages. */
export function pageOf(caller: Caller): string | null {
  if (caller.kind === 'extension') return null;
  return caller.tabId !== undefined ? `tab ${caller.tabId}` : `origin ${caller.origin}`;
}

/**
 * Counts the windows and tabs opened on host pages' behalf: a tab past the limit is refused until
 * the oldest of its openings is a period old. The extension's own pages are never limited.
 */
export function createPageWindowLimit(now: () => number = Date.now, limit = PAGE_WINDOW_LIMIT, periodMs = PAGE_WINDOW_PERIOD_MS) {
  const opened = new Map<string, number[]>();
  return {
    /** Records one opening for `caller`, or throws when its tab has opened too many. */
    take(caller: Caller): void {
      const page = pageOf(caller);
      if (page === null) return;
      const recent = (opened.get(page) ?? []).filter((at) => now() - at < periodMs);
      if (recent.length >= limit) {
        opened.set(page, recent);
        throw new UnionError('refused', `This page asked to open too many windows: wait a minute, or act from the extension's own pages.`);
      }
      recent.push(now());
      opened.set(page, recent);
    },
  };
}

export type PageWindowLimit = ReturnType<typeof createPageWindowLimit>;

/** Every text the window shows, cleaned of bidi and invisible controls; the title on one bounded line. */
function cleaned(details: ApprovalDetails): ApprovalDetails {
  return {
    kind: details.kind,
    title: safeText(details.title, 200),
    fields: details.fields.map((f) => ({ ...f, label: safeText(f.label, 60), value: withoutControls(f.value) })),
  };
}

export function createApprovalQueue(windows: ApprovalWindows, now: () => number = Date.now, limit: PageWindowLimit = createPageWindowLimit(now)) {
  const queue: { request: ApprovalRequest; page: string | null; decide: (approved: boolean) => void }[] = [];
  let counter = 0;

  /** Opens the head's window; a head whose window cannot open is rejected, so none waits forever. */
  async function showHead(): Promise<void> {
    const head = queue[0];
    if (!head) return;
    try {
      await windows.open(head.request.id);
    } catch {
      settle(head.request.id, false);
    }
  }

  function settle(id: string, approved: boolean) {
    const index = queue.findIndex((entry) => entry.request.id === id);
    if (index < 0) return false;
    const [entry] = queue.splice(index, 1);
    entry!.decide(approved);
    if (index === 0) void showHead();
    return true;
  }

  return {
    /** Waits for the member's decision; throws RejectedError when rejected or closed. */
    async request(caller: Caller, details: ApprovalDetails): Promise<void> {
      const page = pageOf(caller);
      if (page !== null && queue.some((entry) => entry.page === page)) {
        throw new UnionError('refused', 'A request from this page is already waiting in the approval window: decide that one first.');
      }
      limit.take(caller);
      const request: ApprovalRequest = { ...cleaned(details), origin: safeText(caller.origin, 200), id: `${now()}-${++counter}`, createdAt: now() };
      const decision = new Promise<boolean>((decide) => queue.push({ request, page, decide }));
      if (queue.length === 1) void showHead();
      if (!(await decision)) throw new RejectedError();
    },

    /** The request the approval window `id` shows, or null when it is no longer pending. */
    get(id: string): ApprovalRequest | null {
      return queue.find((entry) => entry.request.id === id)?.request ?? null;
    },

    /** Only the head of the queue can be decided: requests wait their turn. */
    decide(id: string, approved: boolean): boolean {
      if (queue[0]?.request.id !== id) return false;
      return settle(id, approved);
    },

    /** The approval window was closed: that request is rejected. */
    closed(id: string): void {
      settle(id, false);
    },

    pendingCount: () => queue.length,
  };
}

export type ApprovalQueue = ReturnType<typeof createApprovalQueue>;
