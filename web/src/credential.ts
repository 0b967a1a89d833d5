// The signed-in credential: an API key (X-API-Key) or a JWT (Authorization: Bearer), kept for this browser tab only.
const STORAGE_KEY = 'flextime.credential';

export function isJwt(credential: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential);
}

export function authHeaders(credential: string): Record<string, string> {
  return isJwt(credential) ? { authorization: `Bearer ${credential}` } : { 'x-api-key': credential };
}

export function storedCredential(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function storeCredential(credential: string | null): void {
  if (credential) sessionStorage.setItem(STORAGE_KEY, credential);
  else sessionStorage.removeItem(STORAGE_KEY);
}
