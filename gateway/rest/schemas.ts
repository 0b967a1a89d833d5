// JSON Schema building blocks shared by the v1 and v2 routes. The same objects validate requests
// (Ajv, see index.ts) and feed @fastify/swagger, so the OpenAPI document cannot drift from validation.
// JSON Schema type annotations are kept loose (plain objects) so they can be composed freely.
export type JsonSchema = Record<string, unknown>;

export const id = (description: string): JsonSchema => ({
  type: 'integer',
  minimum: 1,
  maximum: 2147483647,
  description,
});

export const date = (description: string): JsonSchema => ({ type: 'string', format: 'date', description });

export const nullable = (schema: JsonSchema): JsonSchema => ({
  ...schema,
  type: [schema.type as string, 'null'],
});

export const str = (description: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'string',
  description,
  ...extra,
});

export const int = (description: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'integer',
  description,
  ...extra,
});

export const num = (description: string): JsonSchema => ({ type: 'number', description });

export const obj = (
  properties: Record<string, JsonSchema>,
  required: string[] = [],
  extra: JsonSchema = {},
): JsonSchema => ({
  type: 'object',
  properties,
  required,
  ...extra,
});

/** Request bodies reject unknown fields: a typo names the offending field instead of being ignored. */
export const body = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

export const arr = (items: JsonSchema, description?: string): JsonSchema => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
});

export const legacyError: JsonSchema = {
  type: 'object',
  description: 'Legacy error shape, for every failure',
  properties: {
    error: { type: 'string', description: 'HTTP status title, e.g. "Not Found"' },
    message: { type: 'string', description: 'What went wrong, for humans' },
    code: { type: 'string', description: 'Stable machine-readable code, e.g. VALIDATION_ERROR, NOT_FOUND' },
    details: {
      type: ['object', 'null'],
      description: 'Context: the offending `field` for 400s, the `service` for 502/504, …',
      additionalProperties: true,
    },
  },
  required: ['error', 'message', 'code', 'details'],
};

export const pageQuery = {
  page: { type: 'integer', minimum: 1, maximum: 1000000, default: 1, description: 'Page number, from 1' },
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Items per page (≤ 100)' },
} satisfies Record<string, JsonSchema>;

export const pagination: JsonSchema = obj(
  {
    page: int('Current page'),
    limit: int('Items per page'),
    total: int('Items across all pages'),
    total_pages: int('Number of pages'),
  },
  ['page', 'limit', 'total', 'total_pages'],
);

/** v2 list envelope. */
export const list = (item: JsonSchema): JsonSchema => obj({ data: arr(item), pagination }, ['data', 'pagination']);

export const ERROR_RESPONSES: Record<string, JsonSchema> = {
  400: { ...legacyError, description: 'Invalid input; details.field names the offending field' },
  401: { ...legacyError, description: 'Missing, invalid or expired credentials' },
  403: { ...legacyError, description: 'Credential not allowed (other conference, read-only)' },
  404: { ...legacyError, description: 'Unknown id or route' },
  409: { ...legacyError, description: 'Conflicts with the current state' },
  422: { ...legacyError, description: 'Well-formed but semantically invalid' },
  502: { ...legacyError, description: 'A subgraph failed; details.service names it' },
  503: { ...legacyError, description: 'Not ready (starting, or a dependency is down)' },
  504: { ...legacyError, description: 'A subgraph timed out; details.service names it' },
};
