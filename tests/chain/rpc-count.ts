/** A fetch that records the JSON-RPC methods it carries, as the node sees them. */
export function countingFetch() {
  const methods: string[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const body = JSON.parse(String(init?.body ?? '{}'));
    for (const call of Array.isArray(body) ? body : [body]) methods.push(call.method);
    return fetch(input, init);
  };
  return { fetchFn, methods, reset: () => methods.splice(0) };
}
