// The scheduler's workspace (web/, built into web/dist) served at / on the gateway's origin: the page and its
// hashed assets hold no data (every request they make carries the signed-in credential), so they open without one
// (OPEN_PATHS). Only the built files are routed, so unknown paths keep their own 404s (REST, /graphql).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const WEB_DIST = fileURLToPath(new URL('../web/dist/', import.meta.url));

/** Same-origin only, no inline script: the app talks to this gateway and nothing else. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export async function registerWebApp(app: FastifyInstance, root = WEB_DIST): Promise<void> {
  if (!existsSync(`${root}/index.html`)) {
    app.get('/', async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The workspace is not built: run `npm run build:web` (npm install does it), then restart.'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    // web/build.mjs writes .br and .gz beside each asset: sent as the browser's Accept-Encoding allows
    preCompressed: true,
    index: ['index.html'],
    setHeaders(reply, path) {
      // Vite names assets by content hash: cache them for good; the page itself is always revalidated.
      if (path.includes('/assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
      else reply.header('cache-control', 'no-cache');
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('x-content-type-options', 'nosniff');
    },
  });
}
