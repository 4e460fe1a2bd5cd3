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

/** A choice of members the approval window asks for (whom a post is encrypted for). */
export interface RecipientPicker {
  choices: { id: string; label: string }[];
  /** UTF-8 bytes of the text to encrypt. */
  draftBytes: number;
  /** The site's limit for a post, in its own way of counting characters. */
  postLimit: number;
  /** capacity[n - 1]: the most bytes that still fit a post for n chosen (-1: none fit). */
  capacity: number[];
  /** The most members that may be chosen. */
  maxChosen: number;
}

export interface ApprovalDetails {
  kind: 'transaction' | 'signature' | 'recipients';
  /** One line: what happens if approved. */
  title: string;
  /** Exactly what is signed, sent or encrypted: decoded call, value, gas, message or typed data. */
  fields: ApprovalField[];
  /** Only for kind 'recipients'. */
  recipients?: RecipientPicker;
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
  const queue: { request: ApprovalRequest; decide: (decision: { approved: boolean; chosen: string[] }) => void }[] = [];
  let counter = 0;

  /** Opens the head's window; a head whose window cannot open is rejected, so none waits forever. */
  async function showHead(): Promise<void> {
    const head = queue[0];
    if (!head) return;
    try {
      await windows.open(head.request.id);
    } catch {
      settle(head.request.id, false, []);
    }
  }

  function settle(id: string, approved: boolean, chosen: string[]) {
    const index = queue.findIndex((entry) => entry.request.id === id);
    if (index < 0) return false;
    const [entry] = queue.splice(index, 1);
    entry!.decide({ approved, chosen });
    if (index === 0) void showHead();
    return true;
  }

  return {
    /**
     * Waits for the member's decision; throws RejectedError when rejected or closed. Resolves to
     * the chosen ids of a 'recipients' request, only ids it offered; [] for the other kinds.
     */
    async request(origin: string, details: ApprovalDetails): Promise<string[]> {
      const request: ApprovalRequest = { ...details, origin, id: `${now()}-${++counter}`, createdAt: now() };
      const decision = new Promise<{ approved: boolean; chosen: string[] }>((decide) => queue.push({ request, decide }));
      if (queue.length === 1) void showHead();
      const { approved, chosen } = await decision;
      if (!approved) throw new RejectedError();
      const offered = new Set(details.recipients?.choices.map((choice) => choice.id));
      return [...new Set(chosen)].filter((id) => offered.has(id));
    },

    /** The request the approval window `id` shows, or null when it is no longer pending. */
    get(id: string): ApprovalRequest | null {
      return queue.find((entry) => entry.request.id === id)?.request ?? null;
    },

    /** Only the head of the queue can be decided: requests wait their turn. */
    decide(id: string, approved: boolean, chosen: string[] = []): boolean {
      if (queue[0]?.request.id !== id) return false;
      return settle(id, approved, chosen);
    },

    /** The approval window was closed: that request is rejected. */
    closed(id: string): void {
      settle(id, false, []);
    },

    pendingCount: () => queue.length,
  };
}

export type ApprovalQueue = ReturnType<typeof createApprovalQueue>;
