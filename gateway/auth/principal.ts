// Who is calling, as every door (GraphQL, REST, SSE, the workspace and its GraphiQL) and every subgraph sees it.
import type { Role } from './roles.ts';

export interface Principal {
  /** How the caller proved who it is: an API key, a user's JWT, a FlexTime service's own credential. */
  kind: 'api-key' | 'jwt' | 'service';
  /** `key:<first hash characters>`, the token's `sub`, or `service:<name>`. */
  subject: string;
  /** The conference (tenant) the credential is bound to; null = operator (`*`), which only an admin may be. */
  conferenceId: number | null;
  /** The credential's role expanded (admin → viewer, scheduler, admin). */
  roles: readonly Role[];
  /** Scopes the credential states beyond its role (today only `dev`). */
  extraScopes: readonly string[];
  /** The raw `scope`/`scopes` claim of a JWT (null for keys and tokens without one). */
  scopes: readonly string[] | null;
}

/** Everything the subgraphs check `@requiresScopes` against. */
export function effectiveScopes(principal: Principal): string[] {
  return [...principal.roles, ...principal.extraScopes];
}

export function hasRole(principal: Principal, role: Role): boolean {
  return principal.roles.includes(role);
}
