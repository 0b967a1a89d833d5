// The signed-in credential: an API key (X-API-Key) or a JWT (Authorization: Bearer), kept for this browser tab only.
const STORAGE_KEY = 'flextime.credential';

export function isJwt(credential: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential);
}

export function authHeaders(credential: string): Record<string, string> {
  return isJwt(credential) ? { authorization: `Bearer ${credential}` } : { 'x-api-key': credential };
}

/**
 * A credential handed over in the page's link (`#key=…`, the sign-in link `npm start` prints on this machine): taken
 * once and removed from the address bar and history, so it is not bookmarked or shared. Fragments never reach a server.
 */
export function takeCredentialFromLink(): string | null {
  const match = /^#key=([^&]+)$/.exec(window.location.hash);
  if (!match) return null;
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
  // replaceState fires no hashchange: tell the router the page is now at #/
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  return decodeURIComponent(match[1]);
}

export function storedCredential(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function storeCredential(credential: string | null): void {
  if (credential) sessionStorage.setItem(STORAGE_KEY, credential);
  else sessionStorage.removeItem(STORAGE_KEY);
}
