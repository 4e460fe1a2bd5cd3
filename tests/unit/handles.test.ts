import { describe, expect, it } from 'vitest';
import { displayHandle, parseHandle, toHandle } from '@/lib/identity/handles';

describe('handles', () => {
  it('lower-cases X screen names the way the registry stores them', () => {
    expect(toHandle('x', 'Alice_NU')).toBe('x:alice_nu');
    expect(toHandle('x', '@bob')).toBe('x:bob');
    expect(parseHandle('X:@Carol')).toBe('x:carol');
    expect(parseHandle('facebook:Alice.Smith')).toBe('facebook:alice.smith');
  });

  it('refuses what the registry refuses', () => {
    for (const bad of ['facebook:.....', 'x:', 'x:sixteen_chars_xx', 'x:al ice', 'x:<script>', 'facebook:abc', 'mastodon:alice', 'alice', 'x:alice.smith']) {
      expect(parseHandle(bad)).toBeNull();
    }
  });

  it('shows the name part with an @', () => {
    expect(displayHandle('x:alice')).toBe('@alice');
  });
});
