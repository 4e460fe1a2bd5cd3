/**
 * The one error base: every refusal the background reports has a code callers can branch on and
 * a message a person can act on. Free of dependencies so every context can import it.
 */
export type ErrorCode =
  /** A request that cannot be done as asked (bad input, not allowed, nothing to do). */
  | 'refused'
  /** The wallet is locked (or has no key): unlock first. */
  | 'locked'
  /** The member rejected it in the approval window. */
  | 'rejected'
  /** Settings fields that are not valid. */
  | 'invalid-fields'
  /** Wrong password, damaged or newer vault. */
  | 'vault'
  /** The chain does not answer, or is not the configured one. */
  | 'unreachable'
  /** A contract refused the call (a custom error). */
  | 'contract';

export class UnionError extends Error {
  override name = 'UnionError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
