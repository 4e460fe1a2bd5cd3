import { generateSiweNonce } from 'viem/siwe';

/** Nonces a service hands out for sign-in messages: each is accepted once, and only for a while. */
export interface NonceStore {
  issue(): string;
  /** True when `nonce` was issued, is still fresh and was not yet used; it is used from then on. */
  consume(nonce: string): boolean;
  /** Whether `nonce` could still be consumed (it is not). */
  isOpen(nonce: string): boolean;
}

/** An in-memory store (one service process); `ttlMs` bounds how long a nonce stays usable. */
export function createNonceStore({ ttlMs = 10 * 60_000, now = () => Date.now() } = {}): NonceStore {
  const open = new Map<string, number>();
  const sweep = () => {
    const t = now();
    for (const [nonce, expires] of open) if (expires <= t) open.delete(nonce);
  };
  return {
    issue() {
      sweep();
      const nonce = generateSiweNonce();
      open.set(nonce, now() + ttlMs);
      return nonce;
    },
    isOpen(nonce) {
      const expires = open.get(nonce);
      return expires !== undefined && expires > now();
    },
    consume(nonce) {
      const fresh = this.isOpen(nonce);
      open.delete(nonce);
      return fresh;
    },
  };
}
