// GET /health: the gateway process is up. GET /ready: 200 only when every subgraph's /ready answers 200 (which
// includes that subgraph's database); otherwise 503 naming what is not ready.

import { type Dispatcher, request } from 'undici';
import type { HttpPlugin } from '../types.ts';

export type Readiness = { name: string; ready: boolean; detail?: string };

/** `http://host:4001/graphql` → `http://host:4001/ready`. */
export function readyUrlOf(graphqlUrl: string): string {
  const url = new URL(graphqlUrl);
  url.pathname = `${url.pathname.replace(/\/graphql\/?$/, '')}/ready`;
  url.search = '';
  return url.toString();
}

export async function checkSubgraph(
  name: string,
  graphqlUrl: string,
  dispatcher: Dispatcher,
  timeoutMs: number,
): Promise<Readiness> {
  try {
    const res = await request(readyUrlOf(graphqlUrl), { dispatcher, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.body.text();
    if (res.statusCode === 200) return { name, ready: true };
    return { name, ready: false, detail: `HTTP ${res.statusCode}${text ? `: ${text.slice(0, 200)}` : ''}` };
  } catch (error) {
    const err = error as Error & { code?: string };
    const detail =
      err.name === 'TimeoutError' || err.name === 'AbortError'
        ? `no answer within ${timeoutMs} ms`
        : (err.code ?? err.message);
    return { name, ready: false, detail };
  }
}

export function useHealth(opts: {
  subgraphs: Record<string, string>;
  dispatcher: Dispatcher;
  /** Deadline of each subgraph's /ready probe (default 2000 ms). */
  timeoutMs?: number;
}): HttpPlugin {
  const { subgraphs, dispatcher, timeoutMs = 2000 } = opts;
  return (app) => {
    app.get('/health', async () => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }));
    app.get('/ready', async (_request, reply) => {
      const results = await Promise.all(
        Object.entries(subgraphs).map(([name, url]) => checkSubgraph(name, url, dispatcher, timeoutMs)),
      );
      const notReady = results.filter((r) => !r.ready);
      const body = {
        status: notReady.length ? 'not ready' : 'ready',
        subgraphs: Object.fromEntries(results.map((r) => [r.name, r.ready ? 'ready' : `not ready (${r.detail})`])),
        ...(notReady.length ? { notReady: notReady.map((r) => r.name) } : {}),
      };
      reply.code(notReady.length ? 503 : 200);
      return body;
    });
  };
}
