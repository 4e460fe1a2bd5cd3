import { getAbiItem } from 'viem';
import { campaignsAbi, stakeLockAbi, tipsAbi, unionRegistryAbi as abi } from './generated/abi';

/*
 * The events the extension reads from logs, taken from the compiled ABIs, so a signature written
 * by hand can never drift from the contracts.
 */
export const JOINED = getAbiItem({ abi, name: 'Joined' });
export const SPONSOR_SWITCHED = getAbiItem({ abi, name: 'SponsorSwitched' });
export const LEFT = getAbiItem({ abi, name: 'Left' });
export const OFFICER_SET = getAbiItem({ abi, name: 'OfficerSet' });
export const OFFICER_REMOVED = getAbiItem({ abi, name: 'OfficerRemoved' });
export const HANDLE_CLAIMED = getAbiItem({ abi, name: 'HandleClaimed' });
export const HANDLE_UNCLAIMED = getAbiItem({ abi, name: 'HandleUnclaimed' });
export const RALLY_POSTED = getAbiItem({ abi, name: 'RallyPosted' });
export const RALLY_ANSWERED = getAbiItem({ abi, name: 'RallyAnswered' });
export const TIPPED = getAbiItem({ abi: tipsAbi, name: 'Tipped' });
export const CAMPAIGN_OPENED = getAbiItem({ abi: campaignsAbi, name: 'CampaignOpened' });
export const CAMPAIGN_OUTCOME = getAbiItem({ abi: campaignsAbi, name: 'OutcomeRecorded' });
export const CAMPAIGN_PLEDGED = getAbiItem({ abi: campaignsAbi, name: 'Pledged' });
export const STAKE_LOCKED = getAbiItem({ abi: stakeLockAbi, name: 'Locked' });
export const STAKE_INCREASED = getAbiItem({ abi: stakeLockAbi, name: 'Increased' });
export const STAKE_WITHDRAWN = getAbiItem({ abi: stakeLockAbi, name: 'Withdrawn' });
export const STAKE_SETTLED = getAbiItem({ abi: stakeLockAbi, name: 'Settled' });
