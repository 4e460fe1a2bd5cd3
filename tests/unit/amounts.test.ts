import { describe, expect, it } from 'vitest';
import { parseEther } from 'viem';
import { chainName, formatAmount } from '@/lib/wallet/amounts';

describe('amounts as a person reads them', () => {
  it('drops trailing zeros and keeps whole amounts whole', () => {
    expect(formatAmount(parseEther('5'))).toBe('5');
    expect(formatAmount(parseEther('0.25'))).toBe('0.25');
    expect(formatAmount(0n)).toBe('0');
  });

  it('rounds to 4 decimals instead of showing 18', () => {
    expect(formatAmount(parseEther('99.999871234'))).toBe('99.9999');
    expect(formatAmount(parseEther('1.23456'))).toBe('1.2346');
    expect(formatAmount(parseEther('0.99999'))).toBe('1');
  });

  it('keeps 3 significant digits of a tiny fee, never rounding it to 0', () => {
    expect(formatAmount(parseEther('0.00010939500087516'))).toBe('0.000109');
    expect(formatAmount(1n)).toBe('0.000000000000000001');
  });

  it('reads other decimals', () => {
    expect(formatAmount(1_500_000n, 6)).toBe('1.5');
  });

  it('names the chain with its id', () => {
    expect(chainName(31337)).toBe('Local development chain (31337)');
    expect(chainName(8453)).toBe('Base (8453)');
    expect(chainName(777)).toBe('Chain (777)');
  });
});
