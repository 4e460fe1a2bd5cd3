import type { Address } from 'viem';
import type { SerializedTree } from '../../union/tree';
import { field } from '../../protocol/fields';
import { request } from '../../protocol/define';

export const treeProtocol = {
  unionTree: request<{ tree: SerializedTree; union: { id: number; name: string; leader: Address } }>()({ fields: { unionId: field.count() } }),
};
