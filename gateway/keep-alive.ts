// One keep-alive connection pool (undici Agent) shared by every subgraph fetch of a gateway instance.
import { Agent } from 'undici';

export interface KeepAliveOptions {
  /** Sockets per subgraph origin (default GATEWAY_SUBGRAPH_CONNECTIONS, else 64). */
  connections?: number;
  /** Idle keep-alive time before a pooled socket is closed, ms (default 30 s). */
  keepAliveTimeoutMs?: number;
}

export function createKeepAliveAgent(opts: KeepAliveOptions = {}): Agent {
  return new Agent({
    connections: opts.connections ?? (Number(process.env.GATEWAY_SUBGRAPH_CONNECTIONS) || 64),
    keepAliveTimeout: opts.keepAliveTimeoutMs ?? 30_000,
    keepAliveMaxTimeout: 10 * 60_000,
    pipelining: 1,
  });
}
