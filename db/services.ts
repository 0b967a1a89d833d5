// Service naming: the four services, and the schema, role and login variable each one owns.
export type ServiceName = 'team-availability' | 'venue-management' | 'constraint-validation' | 'schedule-generation';
export const SERVICES: readonly ServiceName[] = Object.freeze([
  'team-availability',
  'venue-management',
  'constraint-validation',
  'schedule-generation',
] as const);

/** The SQL schema a service owns, e.g. 'team-availability' → 'team_availability'. */
export function schemaOf(service: ServiceName): string {
  return service.replaceAll('-', '_');
}
/** The NOLOGIN role a service's statements run as, e.g. 'team-availability' → 'team_availability_service'. */
export function roleOf(service: ServiceName): string {
  return `${schemaOf(service)}_service`;
}
/** The environment variable holding a service's own login URL, e.g. TEAM_AVAILABILITY_DATABASE_URL. */
export function serviceUrlEnvVar(service: ServiceName): string {
  return `${schemaOf(service).toUpperCase()}_DATABASE_URL`;
}
