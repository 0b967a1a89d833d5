// Limits on a GraphQL document checked BEFORE it is parsed: bytes, tokens, aliases, directives and selection depth
// (named fragments inlined, introspection not counted), in one pass of graphql's own lexer that stops at the first
// limit crossed. A rejected document never reaches parse or validation (whose overlapping-fields rule is quadratic in
// aliases), so a 900 KB query or 1,000 aliases cost microseconds, not the event loop. Shared by the gateway and every
// subgraph (each door refuses on its own); the gateway also keeps its schema-aware depth/cost plugin after validation.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError, Lexer, Source, type Token, TokenKind } from 'graphql';

export interface DocumentLimits {
  /** UTF-8 bytes of the query text (GRAPHQL_MAX_BYTES). */
  maxBytes: number;
  /** Lexical tokens, comments excluded (GRAPHQL_MAX_TOKENS). */
  maxTokens: number;
  /** Aliased fields (GRAPHQL_MAX_ALIASES). */
  maxAliases: number;
  /** Directive uses (GRAPHQL_MAX_DIRECTIVES). */
  maxDirectives: number;
  /** Nested field selections, counted as the gateway's depth limit counts them (GATEWAY_MAX_DEPTH). */
  maxDepth: number;
}

export type DocumentLimitReason = 'bytes' | 'tokens' | 'aliases' | 'directives' | 'depth';

export const DEFAULT_DOCUMENT_LIMITS: Readonly<DocumentLimits> = Object.freeze({
  maxBytes: 16_384,
  maxTokens: 2_000,
  // GraphQL Armor's default. Apollo's query planner is synchronous and costs ~3 ms per aliased cross-service list
  // on this hardware: 30 of them in a new document held the event loop past the 50 ms that /health may wait.
  maxAliases: 15,
  maxDirectives: 30,
  maxDepth: 12,
});

const ENV_NAMES: Record<keyof DocumentLimits, string> = {
  maxBytes: 'GRAPHQL_MAX_BYTES',
  maxTokens: 'GRAPHQL_MAX_TOKENS',
  maxAliases: 'GRAPHQL_MAX_ALIASES',
  maxDirectives: 'GRAPHQL_MAX_DIRECTIVES',
  maxDepth: 'GATEWAY_MAX_DEPTH',
};

export function documentLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): DocumentLimits {
  const limits = { ...DEFAULT_DOCUMENT_LIMITS };
  for (const key of Object.keys(ENV_NAMES) as (keyof DocumentLimits)[]) {
    const raw = env[ENV_NAMES[key]];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${ENV_NAMES[key]} must be a positive integer, got '${raw}'`);
    limits[key] = n;
  }
  return limits;
}

/**
 * What a subgraph accepts: the gateway's query plans add `__typename`, `_entities`, inline fragments and the odd alias
 * to what a client sent, so a subgraph allows four times the bytes, tokens, aliases and directives and one more level.
 */
export function subgraphDocumentLimits(limits: DocumentLimits): DocumentLimits {
  return {
    maxBytes: limits.maxBytes * 4,
    maxTokens: limits.maxTokens * 4,
    maxAliases: limits.maxAliases * 4,
    maxDirectives: limits.maxDirectives * 4,
    maxDepth: limits.maxDepth + 1,
  };
}

const CODES: Record<DocumentLimitReason, string> = {
  bytes: 'QUERY_TOO_LARGE',
  tokens: 'TOO_MANY_TOKENS',
  aliases: 'TOO_MANY_ALIASES',
  directives: 'TOO_MANY_DIRECTIVES',
  depth: 'QUERY_TOO_DEEP',
};

export class DocumentLimitError extends GraphQLError {
  constructor(
    readonly reason: DocumentLimitReason,
    readonly limit: number,
    message: string,
  ) {
    super(message, { extensions: { code: CODES[reason], limit, http: { status: 400 } } });
  }
}

interface Definition {
  depth: number;
  /** Fragment spreads: name and the selection depth they sit at. */
  spreads: { name: string; depth: number }[];
  isFragment: boolean;
}

/** Checks `source` against `limits`; the first limit crossed, or null (a syntax error is left for the parser). */
export function checkDocument(source: string, limits: DocumentLimits): DocumentLimitError | null {
  if (source.length > limits.maxBytes || Buffer.byteLength(source) > limits.maxBytes) {
    return new DocumentLimitError(
      'bytes',
      limits.maxBytes,
      `The query is ${Buffer.byteLength(source)} bytes; the maximum is ${limits.maxBytes}`,
    );
  }
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  let aliases = 0;
  let directives = 0;
  let parens = 0;
  // Open selection sets at paren depth 0: 'field' (counts for depth), 'inline' (an inline fragment: does not) and
  // 'introspection' (a __schema/__type subtree: nothing below counts).
  const braces: ('field' | 'inline' | 'introspection')[] = [];
  let fieldDepth = 0;
  let lastField = '';
  let pendingInline = false;
  let typeCondition = false;
  const definitions = new Map<string, Definition>();
  let current: Definition | undefined;
  let previous: Token | undefined;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++tokens > limits.maxTokens) {
        return new DocumentLimitError(
          'tokens',
          limits.maxTokens,
          `The query has more than ${limits.maxTokens} tokens; the maximum is ${limits.maxTokens}`,
        );
      }
      const kind = token.kind;
      if (kind === TokenKind.AT && ++directives > limits.maxDirectives) {
        return new DocumentLimitError(
          'directives',
          limits.maxDirectives,
          `The query has more than ${limits.maxDirectives} directives; the maximum is ${limits.maxDirectives}`,
        );
      }
      if (kind === TokenKind.PAREN_L) parens++;
      else if (kind === TokenKind.PAREN_R) parens--;
      else if (parens === 0) {
        if (braces.length === 0 && kind === TokenKind.NAME && previous?.value === 'fragment') {
          current = { depth: 0, spreads: [], isFragment: true };
          definitions.set(token.value, current);
        } else if (kind === TokenKind.BRACE_L) {
          if (braces.length === 0 && !current) {
            current = { depth: 0, spreads: [], isFragment: false };
            definitions.set(`operation ${definitions.size}`, current);
          }
          // The operation's or fragment's own braces are not a level: `{ team { name } }` has depth 2.
          const opened = braces.includes('introspection')
            ? 'introspection'
            : pendingInline || braces.length === 0
              ? 'inline'
              : lastField.startsWith('__')
                ? 'introspection'
                : 'field';
          braces.push(opened);
          pendingInline = false;
          if (opened === 'field' && current && ++fieldDepth > current.depth) current.depth = fieldDepth;
        } else if (kind === TokenKind.BRACE_R) {
          if (braces.pop() === 'field') fieldDepth--;
          if (braces.length === 0) {
            current = undefined;
            lastField = '';
          }
        } else if (braces.length > 0 && kind === TokenKind.SPREAD) {
          pendingInline = true;
        } else if (braces.length > 0 && kind === TokenKind.NAME) {
          if (previous?.kind === TokenKind.SPREAD) {
            if (token.value === 'on') typeCondition = true;
            else {
              // `...Name`: a fragment spread, inlined below at the depth it sits at.
              pendingInline = false;
              if (!braces.includes('introspection')) current?.spreads.push({ name: token.value, depth: fieldDepth });
            }
          } else if (typeCondition) {
            typeCondition = false;
          } else if (previous?.kind !== TokenKind.AT) {
            lastField = token.value;
            if (!braces.includes('introspection') && current && fieldDepth + 1 > current.depth) {
              current.depth = fieldDepth + 1;
            }
          }
        } else if (kind === TokenKind.COLON && braces.length > 0 && ++aliases > limits.maxAliases) {
          return new DocumentLimitError(
            'aliases',
            limits.maxAliases,
            `The query has more than ${limits.maxAliases} aliases; the maximum is ${limits.maxAliases}`,
          );
        }
      }
      previous = token;
    }
  } catch {
    return null; // not lexable: the parser reports the syntax error
  }
  const depth = deepestOperation(definitions);
  if (depth > limits.maxDepth) {
    return new DocumentLimitError(
      'depth',
      limits.maxDepth,
      `Query depth ${depth} exceeds the maximum of ${limits.maxDepth}`,
    );
  }
  return null;
}

/** The deepest operation with every fragment spread inlined (a cycle counts once: validation refuses it anyway). */
function deepestOperation(definitions: Map<string, Definition>): number {
  const memo = new Map<string, number>();
  const resolve = (def: Definition, visiting: Set<string>): number => {
    let depth = def.depth;
    for (const spread of def.spreads) {
      const fragment = definitions.get(spread.name);
      if (!fragment?.isFragment || visiting.has(spread.name)) continue;
      let inner = memo.get(spread.name);
      if (inner === undefined) {
        visiting.add(spread.name);
        inner = resolve(fragment, visiting);
        visiting.delete(spread.name);
        memo.set(spread.name, inner);
      }
      depth = Math.max(depth, spread.depth + inner);
    }
    return depth;
  };
  let deepest = 0;
  for (const def of definitions.values()) if (!def.isFragment) deepest = Math.max(deepest, resolve(def, new Set()));
  return deepest;
}

/** The query text of a GraphQL-over-HTTP request (GET: `?query=`, POST: the JSON body's `query`; batches: each). */
function queriesOf(request: { method: string; query: unknown; body: unknown }): string[] {
  const carriers = request.method === 'GET' ? [request.query] : [request.body].flat();
  const out: string[] = [];
  for (const c of carriers) {
    const q = c && typeof c === 'object' ? (c as { query?: unknown }).query : undefined;
    if (typeof q === 'string') out.push(q);
  }
  return out;
}

/**
 * Refuses an over-limit document on `url` before Apollo Server sees it: HTTP 400 with a GraphQL error
 * (`extensions.code` QUERY_TOO_LARGE, TOO_MANY_TOKENS, TOO_MANY_ALIASES, TOO_MANY_DIRECTIVES or QUERY_TOO_DEEP).
 * Register before the route.
 */
export function registerDocumentLimits(
  // Any Fastify instance, whatever its logger type.
  app: {
    addHook(name: 'preHandler', hook: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>): unknown;
  },
  limits: DocumentLimits,
  onReject?: (reason: DocumentLimitReason) => void,
  url = '/graphql',
): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== url) return;
    for (const query of queriesOf(request)) {
      const refused = checkDocument(query, limits);
      if (!refused) continue;
      onReject?.(refused.reason);
      request.log.info({ code: refused.extensions.code, limit: refused.limit }, 'query refused before parsing');
      return reply
        .code(400)
        .type('application/json; charset=utf-8')
        .send({
          errors: [{ message: refused.message, extensions: { code: refused.extensions.code, limit: refused.limit } }],
        });
    }
  });
}
