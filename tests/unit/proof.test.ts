import { describe, expect, it } from 'vitest';
import { getAddress } from 'viem';
import { formatProof, parseProof, PROOF_PREFIX } from '@/lib/identity/proof';

const address = getAddress('0x469f8ef5846ce120ac6edf7e216667587289a649');
const proof = formatProof(address);

describe('bio proof', () => {
  it('is short enough to leave most of an X bio free', () => {
    expect(proof).toBe(`${PROOF_PREFIX}${address}`);
    expect(proof.length).toBeLessThanOrEqual(60);
  });

  it('is found inside surrounding bio text', () => {
    for (const bio of [proof, `Maintainer of things. ${proof}`, `${proof} · coffee`, `🦀 rustacean\n${proof}\nhe/him`, `(${proof})`]) {
      expect(parseProof(bio)).toEqual({ status: 'found', address });
    }
  });

  it('accepts any case of the prefix and one space after the colon', () => {
    expect(parseProof(`networkunion: ${address}`)).toEqual({ status: 'found', address });
  });

  it('refuses an address whose checksum does not match', () => {
    const lower = `${PROOF_PREFIX}${address.toLowerCase()}`;
    expect(parseProof(lower).status).toBe('invalid');
    const typo = `${PROOF_PREFIX}${address.slice(0, 10)}${address[10] === 'a' ? 'A' : 'a'}${address.slice(11)}`;
    expect(parseProof(typo).status).not.toBe('found');
  });

  it('accepts an address whose checksum leaves every letter lower case', () => {
    const allLower = getAddress('0x44816098f52204c5b2a701b9000b01464e81d146');
    expect(allLower).toBe(allLower.toLowerCase());
    expect(parseProof(formatProof(allLower))).toEqual({ status: 'found', address: allLower });
  });

  it('refuses an address glued to more hex or letters', () => {
    expect(parseProof(`${proof}ab`).status).toBe('none');
    expect(parseProof(`x${proof}`).status).toBe('none');
  });

  it('refuses two proofs naming different addresses', () => {
    const other = formatProof(getAddress('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'));
    expect(parseProof(`${proof} ${other}`)).toEqual({ status: 'invalid', reason: expect.stringContaining('more than one') });
    expect(parseProof(`${proof} ${proof}`)).toEqual({ status: 'found', address });
  });

  it('finds nothing in bios without a proof, hostile or not', () => {
    const hostile = [
      '',
      'just a bio',
      '<img src=x onerror=alert(1)> <script>alert(1)</script>',
      '\u202Egnp.exe NetworkUnion:',
      'NetworkUnion:0x123',
      `NetworkUnion:0x${'g'.repeat(40)}`,
      'A'.repeat(10_000),
    ];
    for (const bio of hostile) expect(parseProof(bio).status).toBe('none');
  });

  it('reads only the start of an oversized bio', () => {
    expect(parseProof(`${'a '.repeat(5_000)}${proof}`).status).toBe('none');
  });

  it('does not let an RTL override or zero-width character forge the prefix', () => {
    expect(parseProof(`Network\u200BUnion:${address}`).status).toBe('none');
    expect(parseProof(`\u202E${proof}`)).toEqual({ status: 'found', address });
  });
});
