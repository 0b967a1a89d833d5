// GET /graphql from a browser: the workspace's GraphiQL (web/, bundled there: no CDN, works offline) is where a person
// writes GraphQL; the gateway sends browsers to it, with the credential they sign in with there.

/** Where a browser asking /graphql for a page is sent: the workspace's GraphiQL view. */
export const GRAPHIQL_PATH = '/#/graphiql';

export function wantsIde(method: string, accept: string | undefined, search: string): boolean {
  if (method !== 'GET' || !accept?.includes('text/html')) return false;
  return !new URLSearchParams(search).has('query');
}
