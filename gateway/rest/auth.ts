// The REST shim's view of authentication: the gateway's one module (gateway/auth) does the work; here its failures
// become legacy RestErrors, and the REST-only checks (write routes need the scheduler role; a credential bound to
// conference A may not name conference B) live beside them.
import {
  AuthError,
  type AuthOptions,
  authenticate as authenticateAtDoor,
  hasRole,
  type InternalSigner,
  type Principal,
} from '../auth/index.ts';
import { RestError } from './errors.ts';

export {
  type ApiKeyEntry,
  type AuthOptions,
  authOptionsFromEnv,
  hashApiKey,
  type JwtOptions,
  parseApiKeys,
} from '../auth/index.ts';

/** Resolves the caller from the request headers, or throws a 401/403 RestError. */
export async function authenticate(
  headers: Record<string, string | string[] | undefined>,
  opts: AuthOptions,
  internal: InternalSigner | null = null,
): Promise<Principal> {
  try {
    return await authenticateAtDoor(headers, opts, internal);
  } catch (error) {
    if (error instanceof AuthError)
      throw new RestError(error.status, error.message, { code: error.code, details: error.details });
    throw error;
  }
}

/** Write routes need the scheduler role (viewers only read); the subgraphs check the same rule per field. */
export function assertCanWrite(principal: Principal): void {
  if (!hasRole(principal, 'scheduler')) {
    throw new RestError(403, 'This credential may only read', {
      code: 'FORBIDDEN',
      details: { required_role: 'scheduler' },
    });
  }
}

/** A caller bound to conference A may not name conference B. */
export function assertTenant(principal: Principal, conferenceId: unknown): void {
  // request validation made it an integer when present
  if (typeof conferenceId !== 'number' || principal.conferenceId === null) return;
  if (conferenceId !== principal.conferenceId) {
    throw new RestError(403, `Credential is not allowed to access conference ${conferenceId}`, {
      code: 'FORBIDDEN',
      details: { field: 'conference_id', conference_id: conferenceId },
    });
  }
}
