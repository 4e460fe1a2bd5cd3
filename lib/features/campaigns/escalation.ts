import type { Address } from 'viem';
import { DEFAULT_CONFIG, type ChainConfig } from '../../config';

/** Most bytes of a rally's text (the registry's MAX_RALLY_TEXT). */
const RALLY_TEXT_BYTES = 280;
const DAY = 86_400n;
/** The registry's MAX_RALLY_DURATION. */
const MAX_RALLY_DURATION = 30n * DAY;

/** A settings record saved before Campaigns existed has no address for it: the default stands in. */
export function campaignsAddress(config: ChainConfig): Address {
  return config.campaigns ?? DEFAULT_CONFIG.campaigns;
}

/**
 * The rally that tells members a campaign moved to a step: its text names the campaign, target and
 * step; it stays open until the campaign's deadline, at least a day and at most the registry's 30.
 */
export function escalationRally(args: {
  campaignId: bigint;
  terms: { targetName: string; targetUri: string; demand: string; steps: readonly string[] };
  step: number;
  campaignDeadline: bigint;
  now: bigint;
}): { text: string; uri: string; deadline: bigint } {
  const { campaignId, terms, step, campaignDeadline, now } = args;
  const text = clipBytes(`Campaign #${campaignId} against ${terms.targetName}, step ${step + 1} of ${terms.steps.length}: ${terms.steps[step]}. ${terms.demand}`, RALLY_TEXT_BYTES);
  const longest = now + MAX_RALLY_DURATION;
  const shortest = now + DAY;
  const deadline = campaignDeadline > longest ? longest : campaignDeadline < shortest ? shortest : campaignDeadline;
  return { text, uri: terms.targetUri, deadline };
}

/** At most `max` UTF-8 bytes, cut at a character boundary with an ellipsis. */
export function clipBytes(text: string, max: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= max) return text;
  let out = '';
  for (const char of text) {
    if (encoder.encode(`${out}${char}…`).length > max) break;
    out += char;
  }
  return `${out}…`;
}
