import { describe, expect, it } from 'vitest';
import { postFit } from '@/components/RecipientPicker';
import type { RecipientPicker } from '@/lib/features/messaging/protocol';

const picker = (draftBytes: number): RecipientPicker & { draftBytes: number } => ({
  choices: [],
  draftBytes,
  postLimit: 280,
  capacity: [80, 24, -1],
  maxChosen: 20,
});

describe('postFit', () => {
  it('asks for a choice first', () => {
    expect(postFit(picker(10), 0)).toEqual({ fits: false, text: expect.stringContaining('Choose who may read') });
  });

  it('counts the bytes the chosen members leave', () => {
    expect(postFit(picker(80), 1)).toEqual({ fits: true, text: 'Fits a 280-character post (80 of 80 bytes).' });
    expect(postFit(picker(81), 1)).toEqual({ fits: false, text: expect.stringMatching(/^1 byte too long for a 280-character post/) });
    expect(postFit(picker(30), 2)).toEqual({ fits: false, text: expect.stringMatching(/^6 bytes too long/) });
  });

  it('says when no post of 280 characters can carry that many members', () => {
    expect(postFit(picker(0), 3)).toEqual({ fits: false, text: expect.stringContaining("needs the site's longer posts") });
    expect(postFit(picker(0), 9).fits).toBe(false);
  });
});
