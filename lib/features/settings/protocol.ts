import type { ChainStatus } from '../../chain/status';
import type { ChainConfig } from '../../config';
import { field } from '../../protocol/fields';
import { request } from '../../protocol/define';

export const settingsProtocol = {
  status: request<ChainStatus & { config: ChainConfig }>()({}),
  getConfig: request<{ config: ChainConfig; isDefault: boolean }>()({}),
  /** Refused with `fieldErrors` naming each field that is not valid; nothing saved then. */
  setConfig: request<{ config: ChainConfig }>()({ fields: { config: field.record() } }),
  resetConfig: request<{ config: ChainConfig }>()({}),
};
