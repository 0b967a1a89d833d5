// One authentication module for every door of the gateway (see door.ts), the principal it yields, and the signed
// statement of that principal the subgraphs trust (internal.ts).
export { AuthError, authenticate } from './authenticate.ts';
export {
  type ApiKeyEntry,
  type AuthOptions,
  authOptionsFromEnv,
  defaultKeyRole,
  hashApiKey,
  type JwtOptions,
  parseApiKeys,
} from './credentials.ts';
export {
  type DoorOptions,
  graphqlRefusal,
  INTERNAL_HEADERS,
  OPEN_PATHS,
  registerAuthentication,
} from './door.ts';
export { InternalSigner, internalSecretFrom, STATEMENT_HEADER } from './internal.ts';
export { effectiveScopes, hasRole, type Principal } from './principal.ts';
export { MemoryRateLimitStore, type RateLimitOptions, type RateLimitStore, rateLimitFromEnv } from './rate-limit.ts';
export { DEV_SCOPE, expandRole, ROLES, type Role } from './roles.ts';
