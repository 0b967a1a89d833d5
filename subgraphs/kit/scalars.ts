import { GraphQLScalarType, Kind } from 'graphql';

/**
 * Marker for a Date argument value that failed to parse. The scalar does not throw while parsing (a parse error would
 * surface as GRAPHQL_VALIDATION_FAILED without the argument's name); instead `guardArguments` (server.ts) finds the
 * marker before the resolver runs and answers BAD_USER_INPUT naming the argument.
 */
export class InvalidDate {
  constructor(readonly raw: unknown) {}
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD strictly (a real calendar day); null when invalid. */
export function parseIsoDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = DATE.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return value;
}

function formatDate(value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('Date cannot represent an invalid Date instance');
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'string') {
    const day = value.slice(0, 10);
    if (parseIsoDate(day)) return day;
  }
  throw new TypeError(`Date cannot represent value: ${JSON.stringify(value)}`);
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar day, YYYY-MM-DD (ISO 8601).',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize: formatDate,
  parseValue: (value) => parseIsoDate(value) ?? new InvalidDate(value),
  parseLiteral: (ast) =>
    ast.kind === Kind.STRING ? (parseIsoDate(ast.value) ?? new InvalidDate(ast.value)) : new InvalidDate(ast),
});

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'A point in time, ISO 8601 with offset.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent value: ${JSON.stringify(value)}`);
    return date.toISOString();
  },
  parseValue(value) {
    const date = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(date.getTime()))
      throw new TypeError('DateTime must be an ISO 8601 string');
    return date;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError('DateTime must be an ISO 8601 string');
    const date = new Date(ast.value);
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO 8601 string');
    return date;
  },
});

function literalToJson(ast: import('graphql').ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literalToJson(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      return undefined;
  }
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value (used for validation_logic, parameter schemas and parameters).',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => literalToJson(ast, variables),
});
