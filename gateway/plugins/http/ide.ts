// GET /graphql from a browser: the workspace's GraphiQL (web/, bundled there: no CDN, works offline) is where a person
// writes GraphQL; the gateway sends browsers to it, with the credential they sign in with there.
import type { HttpPlugin } from '../types.ts';

/** Where a browser asking /graphql for a page is sent: the workspace's GraphiQL view. */
export const GRAPHIQL_PATH = '/#/graphiql';

/** Sends a browser's GET /graphql (asking for a page, no query) on to GraphiQL, before the operation handler. */
export function useIde(): HttpPlugin {
  return (app) => {
    app.addHook('preHandler', async (request, reply) => {
      if (!request.url.startsWith('/graphql')) return;
      if (!wantsIde(request.method, request.headers.accept, searchOf(request.url))) return;
      return reply.redirect(GRAPHIQL_PATH);
    });
  };
}

export function searchOf(url: string): string {
  return url.includes('?') ? url.slice(url.indexOf('?')) : '';
}

export function wantsIde(method: string, accept: string | undefined, search: string): boolean {
  if (method !== 'GET' || !accept?.includes('text/html')) return false;
  return !new URLSearchParams(search).has('query');
}
