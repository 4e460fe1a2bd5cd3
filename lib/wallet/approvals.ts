/**
 * One queue of requests that need the member's approval. Each is shown, one at a time, in an
 * extension-owned window; nothing on a host page can approve. Closing the window rejects.
 */
import { UnionError } from '../errors';

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

export function createApprovalQueue(windows: ApprovalWindows, now: () => number = Date.now) {
  const queue: { request: ApprovalRequest; decide: (approved: boolean) => void }[] = [];
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
    async request(origin: string, details: ApprovalDetails): Promise<void> {
      const request: ApprovalRequest = { ...details, origin, id: `${now()}-${++counter}`, createdAt: now() };
      const decision = new Promise<boolean>((decide) => queue.push({ request, decide }));
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
