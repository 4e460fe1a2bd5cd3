import { createServer, type Server } from 'node:http';

/**
 * How the proxy misbehaves for one JSON-RPC call, to test a failing or hostile node: answer it
 * itself (`result`), answer garbage, drop the connection before passing it on (`drop`), or pass it
 * on and drop the connection before the answer (`lose-answer`).
 */
export type RpcFault = { result: unknown } | 'garbage' | 'drop' | 'lose-answer';

export interface RpcCall {
  method: string;
  params: unknown[];
}

export interface RpcCounter {
  /** Set by a test: the fault for each call (a batch takes the first fault of its calls), or undefined to pass it on. */
  fault: ((call: RpcCall) => RpcFault | undefined) | null;
  /** Every call passed on or answered since the last reset, with its params. */
  calls: RpcCall[];
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
  const counter = { methods: [] as string[], callTargets: [] as string[], requests: 0, calls: [] as RpcCall[], fault: null as RpcCounter['fault'] };
  const server: Server = createServer(async (request, response) => {
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('access-control-allow-headers', '*');
    if (request.method === 'OPTIONS') return void response.writeHead(204).end();
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    counter.requests += 1;
    let fault: RpcFault | undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
      for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
        counter.methods.push(String(call.method));
        counter.calls.push({ method: String(call.method), params: Array.isArray(call.params) ? call.params : [] });
        if (call.method === 'eth_call') counter.callTargets.push(String(call.params?.[0]?.to ?? '').toLowerCase());
        fault ??= counter.fault?.(counter.calls.at(-1)!);
      }
    } catch {
      counter.methods.push('<unparsable>');
    }
    if (fault === 'drop') return void request.socket.destroy();
    if (fault === 'garbage') return void response.writeHead(200, { 'content-type': 'application/json' }).end('<html>502 Bad Gateway</html>');
    if (typeof fault === 'object' && !Array.isArray(parsed)) {
      const id = (parsed as { id?: unknown }).id;
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id, result: fault.result }));
    }
    try {
      const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await upstream.text();
      if (fault === 'lose-answer') return void request.socket.destroy();
      response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
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
        get calls() {
          return counter.calls;
        },
        get fault() {
          return counter.fault;
        },
        set fault(fault) {
          counter.fault = fault;
        },
        reset() {
          counter.methods = [];
          counter.callTargets = [];
          counter.calls = [];
          counter.requests = 0;
        },
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
