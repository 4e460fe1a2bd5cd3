import { formatUnits, parseUnits } from 'viem';
import { UnionError } from '../errors';

/**
 * An amount as a person reads it: at most 4 decimals, or 3 significant digits below 0.01 so a
 * tiny fee never shows as 0. Trailing zeros are dropped ("5", "0.25", "0.000109").
 */
export function formatAmount(units: bigint, decimals = 18): string {
  const exact = formatUnits(units, decimals);
  const [whole, fraction = ''] = exact.replace('-', '').split('.');
  const sign = exact.startsWith('-') ? '-' : '';
  if (!fraction) return exact;
  const firstDigit = fraction.search(/[1-9]/);
  const keep = whole === '0' && firstDigit >= 2 ? firstDigit + 3 : 4;
  const kept = roundFraction(whole!, fraction, keep);
  return sign + kept;
}

/** Rounds half up to `places` decimals, carrying into the whole part when needed. */
function roundFraction(whole: string, fraction: string, places: number): string {
  if (fraction.length <= places) return `${whole}.${fraction}`.replace(/\.?0+$/, '');
  const scaled = BigInt(whole + fraction.slice(0, places)) + (Number(fraction[places]) >= 5 ? 1n : 0n);
  const digits = scaled.toString().padStart(places + 1, '0');
  const text = `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return text.replace(/\.?0+$/, '');
}

/** Chain ids a person may meet, by name; anything else is named by its id. */
const CHAIN_NAMES: Record<number, string> = {
  1: 'Ethereum',
  10: 'OP Mainnet',
  137: 'Polygon',
  8453: 'Base',
  42161: 'Arbitrum One',
  11155111: 'Sepolia (test network)',
  84532: 'Base Sepolia (test network)',
  31337: 'Local development chain',
};

/** The chain as the approval window names it, with its id: "Base (8453)". */
export function chainName(chainId: number): string {
  return `${CHAIN_NAMES[chainId] ?? 'Chain'} (${chainId})`;
}

/** The chain id local development nodes (anvil, hardhat) use; test funds exist only there. */
export const LOCAL_DEV_CHAIN_ID = 31337;

/** A decimal amount typed by a person, in units of `decimals`; refuses zero, negatives and more decimals than it has. */
export function parseAmount(text: string, decimals: number): bigint {
  const trimmed = text.trim();
  if (!/^\d{1,18}(\.\d+)?$/.test(trimmed)) throw new UnionError('refused', 'The amount is a positive number, e.g. 0.5.');
  if ((trimmed.split('.')[1] ?? '').length > decimals) throw new UnionError('refused', `At most ${decimals} decimals.`);
  const amount = parseUnits(trimmed, decimals);
  if (amount === 0n) throw new UnionError('refused', 'The amount must be more than zero.');
  return amount;
}
