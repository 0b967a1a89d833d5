// Roles, from least to most: a viewer reads; a scheduler also writes blackouts, profiles, schedules and games, starts
// and cancels generation and validates; an admin also manages constraint templates, algorithms and categories and may
// read across conferences. A principal carries its role expanded into every role it includes (admin → viewer,
// scheduler, admin), so a field's `@requiresScopes(scopes: [["scheduler"]])` is met by a scheduler and by an admin —
// the same scopes Apollo Router would read from a token. `dev` is an extra scope: ad-hoc operations in production.
export const ROLES = ['viewer', 'scheduler', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The scope that lets a principal run documents outside the trusted manifest in production. */
export const DEV_SCOPE = 'dev';

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The role and every role below it, in ROLES order. */
export function expandRole(role: Role): Role[] {
  return ROLES.slice(0, ROLES.indexOf(role) + 1);
}

/** The highest of several roles (null when there is none). */
export function highestRole(roles: Iterable<string>): Role | null {
  let best = -1;
  for (const r of roles) best = Math.max(best, (ROLES as readonly string[]).indexOf(r));
  return best < 0 ? null : ROLES[best];
}
