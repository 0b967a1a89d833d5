// Service names, default ports and the environment variables that override them (see the supergraph contract).

export const SUBGRAPH_NAMES = [
  'team-availability',
  'venue-management',
  'constraint-validation',
  'schedule-generation',
] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_PORTS: Record<SubgraphName | 'gateway', number> = {
  gateway: 4000,
  'team-availability': 4001,
  'venue-management': 4002,
  'constraint-validation': 4003,
  'schedule-generation': 4004,
};

/** `team-availability` → `TEAM_AVAILABILITY`. */
export function envPrefix(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

function intFromEnv(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${key} must be a non-negative integer, got '${raw}'`);
  return n;
}

/** Port for a service: `<NAME>_PORT` (e.g. GATEWAY_PORT, TEAM_AVAILABILITY_PORT) or the default. */
export function portFromEnv(name: SubgraphName | 'gateway', env: NodeJS.ProcessEnv = process.env): number {
  return intFromEnv(env, `${envPrefix(name)}_PORT`, DEFAULT_PORTS[name]);
}

/** Subgraph URLs: `<NAME>_URL` or http://127.0.0.1:<port>/graphql. */
export function subgraphUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<SubgraphName, string> {
  const urls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) {
    urls[name] = env[`${envPrefix(name)}_URL`] || `http://127.0.0.1:${portFromEnv(name, env)}/graphql`;
  }
  return urls;
}

export interface GatewayLimits {
  /** Per-subgraph fetch deadline in milliseconds (SUBGRAPH_TIMEOUT_MS). */
  subgraphTimeoutMs: number;
  /** Maximum selection depth (GATEWAY_MAX_DEPTH). */
  maxDepth: number;
  /** Maximum estimated cost (GATEWAY_MAX_COST). */
  maxCost: number;
}

export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayLimits {
  return {
    subgraphTimeoutMs: intFromEnv(env, 'SUBGRAPH_TIMEOUT_MS', 5000),
    maxDepth: intFromEnv(env, 'GATEWAY_MAX_DEPTH', 12),
    // 6000: the costliest REST operation at limit 100 (v2 ValidateSchedule) is 5123; bench:limits showed 30 aliases of
    // cost ~530 each (15840 in all) holding npm start's single process for over a second.
    maxCost: intFromEnv(env, 'GATEWAY_MAX_COST', 6_000),
  };
}
