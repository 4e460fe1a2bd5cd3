import { describe, expect, it } from 'vitest';
import { technicalDetails } from '@/lib/chain/errors';
import { splitDetails } from '@/components/wallet/shared';

describe('refusals: plain words first, the contract error behind Details', () => {
  it("splits the contract's error off a refusal", () => {
    const message = `You're already a member of this union: nothing to do. ${technicalDetails('AlreadyMember(1, 0x5FbDB2315678afecb367f032d93F642f64180aa3)')}`;
    expect(splitDetails(message)).toEqual({
      text: "You're already a member of this union: nothing to do.",
      details: 'AlreadyMember(1, 0x5FbDB2315678afecb367f032d93F642f64180aa3)',
    });
  });

  it('leaves a message without a contract error whole, brackets in the text included', () => {
    expect(splitDetails('Not enough ETH to pay for this transaction.')).toEqual({ text: 'Not enough ETH to pay for this transaction.', details: null });
    expect(splitDetails('Use the handle [x:alice] as written')).toEqual({ text: 'Use the handle [x:alice] as written', details: null });
  });
});
