/**
 * An action handler of injected UI that acts only on the member's own input: the host page can
 * dispatch clicks, keys and input events too, and they arrive with `isTrusted` false.
 */
export function trusted<E extends Event>(handler: (event: E) => void): (event: E) => void {
  return (event) => {
    if (event.isTrusted) handler(event);
  };
}
