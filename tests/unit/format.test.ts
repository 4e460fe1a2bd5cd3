import { describe, expect, it } from 'vitest';
import { formatCount, formatTokens, plural } from '@/lib/format';

describe('formatCount', () => {
  it('groups thousands as en-US does, for numbers and big integers', () => {
    for (const n of [0, 7, 999, 1_000, 12_345, 999_999, 1_000_000, 1_234_567_890, -4_321]) {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    }
    expect(formatCount(12_345_678_901_234_567_890n)).toBe('12,345,678,901,234,567,890');
  });

  it('is what plural and formatTokens show', () => {
    expect(plural(1, 'supporter', 'supporters')).toBe('1 supporter');
    expect(plural(1_204, 'supporter', 'supporters')).toBe('1,204 supporters');
    expect(formatTokens('1250500000000000000000')).toBe('1,250.5');
  });
});
