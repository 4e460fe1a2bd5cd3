import { createServer, type Server } from 'node:http';

export interface RpcCounter {
  url: string;
  /** JSON-RPC methods received since the last reset, one entry per call (batches unrolled). */
  methods: string[];
  /** The contracts the eth_calls since the last reset went to (lower-case), in order. */
  callTargets: string[];
  /** HTTP requests received since the last reset. */
  requests: number;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A pass-through JSON-RPC proxy in front of the node that records what it carries: the only way
 * to prove that the extension's lookups reach the node as one round trip.
 */
export function startRpcCounter(target: string): Promise<RpcCounter> {
  const counter = { methods: [] as string[], callTargets: [] as string[], requests: 0 };
  const server: Server = createServer(async (request, response) => {
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('access-control-allow-headers', '*');
    if (request.method === 'OPTIONS') return void response.writeHead(204).end();
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    counter.requests += 1;
    try {
      const parsed = JSON.parse(body);
      for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
        counter.methods.push(String(call.method));
        if (call.method === 'eth_call') counter.callTargets.push(String(call.params?.[0]?.to ?? '').toLowerCase());
      }
    } catch {
      counter.methods.push('<unparsable>');
    }
    try {
      const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    } catch {
      response.writeHead(502).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        get methods() {
          return counter.methods;
        },
        get requests() {
          return counter.requests;
        },
        get callTargets() {
          return counter.callTargets;
        },
        reset() {
          counter.methods = [];
          counter.callTargets = [];
          counter.requests = 0;
        },
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
