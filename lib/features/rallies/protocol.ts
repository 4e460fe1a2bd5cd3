import type { Address } from 'viem';
import { field } from '../../protocol/fields';
import { request } from '../../protocol/define';
import type { TransactionResult } from '../wallet/protocol';

/** A rally (call to action) as the inbox shows it. */
export interface RallyView {
  rallyId: number;
  unionId: number;
  unionName: string;
  author: Address;
  text: string;
  uri: string;
  /** Unix seconds. */
  deadline: number;
  status: 'unread' | 'read' | 'answered' | 'dismissed';
}

export interface PastRally {
  rallyId: number;
  text: string;
  uri: string;
  deadline: number;
  postedAt: number;
  answers: number;
}

export const ralliesProtocol = {
  rallyInbox: request<{ rallies: RallyView[]; unread: number }>()({}),
  checkRallies: request<{ found: number }>()({}),
  getRally: request<{ rally: RallyView | null; answers: number; answered: boolean }>()({ fields: { rallyId: field.count() } }),
  answerRally: request<TransactionResult>()({ fields: { rallyId: field.count() }, changesChain: true }),
  dismissRally: request<{ unread: number }>()({ fields: { rallyId: field.count() } }),
  postRally: request<TransactionResult>()({
    fields: { unionId: field.count(), text: field.text(), uri: field.text(), hours: field.count() },
    changesChain: true,
  }),
  pastRallies: request<{ rallies: PastRally[] }>()({ fields: { unionId: field.count() } }),
};
