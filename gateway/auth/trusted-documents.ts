// Trusted documents: in production `/graphql` runs only operations listed in the persisted-documents manifest
// (gateway/persisted-documents.json, Apollo's persisted query manifest format, written by `npm run compose` from the
// REST shim's operation files), unless the principal holds the `dev` scope. A listed operation may be sent by its id
// alone (`extensions.persistedQuery.sha256Hash`, no `query`). Automatic persisted queries live in a bounded LRU.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { Principal } from './principal.ts';
import { DEV_SCOPE } from './roles.ts';

export interface PersistedOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

export interface PersistedManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: PersistedOperation[];
}

export const MANIFEST_FILE = new URL('../persisted-documents.json', import.meta.url);

export const documentId = (body: string): string => createHash('sha256').update(body, 'utf8').digest('hex');

export function buildManifest(operations: Array<Omit<PersistedOperation, 'id'>>): PersistedManifest {
  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: operations.map((op) => ({ id: documentId(op.body), ...op })),
  };
}

/** Automatic persisted queries: at most `maxBytes` of documents, least recently used evicted first. */
export function apqCache(maxBytes = 8 * 1024 * 1024): InMemoryLRUCache<string> {
  return new InMemoryLRUCache<string>({ maxSize: maxBytes });
}

export class TrustedDocuments {
  private readonly byId: Map<string, string>;

  constructor(manifest: PersistedManifest) {
    this.byId = new Map(manifest.operations.map((op) => [op.id, op.body]));
  }

  static fromFile(file: URL | string = MANIFEST_FILE): TrustedDocuments {
    return new TrustedDocuments(JSON.parse(readFileSync(file, 'utf8')) as PersistedManifest);
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * Checks one GraphQL request (a POST body or GET parameters): returns the document to run (the manifest's body when
   * only an id was sent), or a refusal message when the document is not trusted and the principal has no `dev` scope.
   */
  check(
    request: { query?: unknown; extensions?: unknown },
    principal: Principal,
  ): { ok: true; query?: string } | { ok: false; message: string } {
    const id = persistedId(request.extensions);
    if (typeof request.query !== 'string') {
      if (id && this.byId.has(id)) return { ok: true, query: this.byId.get(id) };
      return { ok: true }; // nothing to run: Apollo Server answers (PERSISTED_QUERY_NOT_FOUND / bad request)
    }
    if (this.byId.has(documentId(request.query)) || principal.extraScopes.includes(DEV_SCOPE)) return { ok: true };
    return {
      ok: false,
      message:
        'Only trusted documents run in production: this operation is not in the persisted-documents manifest ' +
        '(send a listed operation, or its id as extensions.persistedQuery.sha256Hash); ad-hoc operations need the dev scope',
    };
  }
}

function persistedId(extensions: unknown): string | undefined {
  const raw = typeof extensions === 'string' ? safeJson(extensions) : extensions;
  const pq = (raw as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return typeof pq?.sha256Hash === 'string' ? pq.sha256Hash.toLowerCase() : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
