// fast-check fuzzing of the REST shim over real HTTP (every subgraph up): random paths (route templates with
// random ids, and random paths under /api), query strings and bodies (well-typed, ill-typed and malformed) must
// never produce a 5xx, and every failure must be the legacy `{ error, message, code, details }`.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../gateway/rest/index.ts';
import { KEYS, REST_SUITE, startTestStack, type TestStack } from '../support/stack.ts';

const RUNS = Number(process.env.REST_FUZZ_RUNS) || 120;
// Fixed by default so CI is reproducible; set REST_FUZZ_SEED to explore other corners.
const SEED = Number(process.env.REST_FUZZ_SEED) || 20251125;

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack(REST_SUITE);
});

afterAll(async () => {
  await stack?.stop();
});

const knownQueryKeys = [
  ...new Set(routes.flatMap((r) => Object.keys((r.querystring?.properties as object) ?? {}))),
  'unknown',
  '',
];
const knownBodyKeys = [...new Set(routes.flatMap((r) => Object.keys((r.body?.properties as object) ?? {})))];

const idLike = fc.oneof(
  fc.integer({ min: -3, max: 40 }).map(String),
  fc.constantFrom('0', '-1', '1.5', '2147483648', '99999999999999999999', 'abc', 'null', '%20', '1e3', '0x10'),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);

const scalar = fc.oneof(
  fc.integer({ min: -5, max: 200 }),
  fc.constantFrom(0, -1, 1.5, 2 ** 31, 1e308, Number.MAX_SAFE_INTEGER),
  fc.constantFrom(
    '2025-12-30',
    '2026-03-07',
    '2025-02-29',
    '0000-01-01',
    '9999-12-31',
    'hard',
    'soft',
    'review',
    'draft',
  ),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('a\u0000b', '\ud800', 'x'.repeat(300), "'; DROP TABLE schedules; --"),
  fc.boolean(),
  fc.constant(null),
);

const queryValue = fc.oneof(
  scalar.map((v) => String(v)),
  fc.string({ maxLength: 10 }),
);

const query = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...knownQueryKeys), fc.string({ maxLength: 6 })), queryValue), {
    maxLength: 5,
  })
  .map((pairs) => {
    const q = new URLSearchParams();
    for (const [k, v] of pairs) q.append(k, v);
    const s = q.toString();
    return s ? `?${s}` : '';
  });

const templatePath = fc
  .tuple(fc.constantFrom(...routes.map((r) => r.url)), fc.array(idLike, { minLength: 3, maxLength: 3 }))
  .map(([url, ids]) => {
    let i = 0;
    return url.replace(/:\w+/g, () => ids[i++ % ids.length]);
  });

const randomPath = fc
  .array(fc.oneof(fc.constantFrom('v1', 'v2', 'schedules', 'venues', 'team-availability', '1'), idLike), {
    maxLength: 5,
  })
  .map((segs) => `/api/${segs.join('/')}`);

const body = fc.oneof(
  { depthSize: 'small' },
  fc.dictionary(fc.constantFrom(...knownBodyKeys), fc.oneof(scalar, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 6 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(undefined),
);

const rawBody = fc.constantFrom(
  '{',
  '{"name":',
  '[1,2',
  'nul',
  '{"a":1}{"b":2}',
  '"\\ud800"',
  '{"__proto__": {"x": 1}}',
);

/** Values that satisfy a request JSON schema (as the routes declare them), so bodies get past validation. */
function fromSchema(schema: Record<string, unknown>): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  if (type === 'integer') {
    const min = (schema.minimum as number | undefined) ?? -10;
    const max = (schema.maximum as number | undefined) ?? 1000;
    return fc.oneof(fc.integer({ min, max: Math.min(max, min + 40) }), fc.integer({ min, max }));
  }
  if (type === 'number') return fc.double({ noNaN: true, noDefaultInfinity: true });
  if (type === 'boolean') return fc.boolean();
  if (type === 'string' && schema.format === 'date') {
    return fc
      .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  }
  if (type === 'string') {
    const maxLength = Math.min((schema.maxLength as number | undefined) ?? 40, 40);
    const minLength = (schema.minLength as number | undefined) ?? 0;
    return fc.oneof(
      fc.string({ minLength, maxLength }),
      fc.constantFrom('a\u0000b', 'Big 12 \u{1F3C0}', '\ud800x').filter((v) => v.length >= minLength),
    );
  }
  if (type === 'array') return fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 3 });
  if (type === 'object' && schema.properties) {
    const props = schema.properties as Record<string, Record<string, unknown>>;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const entries = Object.entries(props).map(([k, v]) => [k, fromSchema(v)] as const);
    return fc.record(Object.fromEntries(entries), {
      requiredKeys: [...required],
    });
  }
  return fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
}

async function check(method: string, path: string, init: { body?: unknown; raw?: string; key?: string | null }) {
  const res = await stack.request(method, path, {
    body: init.raw === undefined ? init.body : undefined,
    rawBody: init.raw,
    headers: init.raw !== undefined ? { 'content-type': 'application/json' } : undefined,
    key: init.key,
  });
  const where = `${method} ${path} ${init.raw ?? JSON.stringify(init.body)} → ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status < 500, where).toBe(true);
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), where).toMatch(/application\/json/);
    expect(Object.keys(res.body ?? {}).sort(), where).toEqual(['code', 'details', 'error', 'message']);
    expect(res.text, where).not.toMatch(/\bat .*\.(ts|js):\d+/);
  }
}

describe('fuzzing the REST shim', () => {
  it('paths and query strings never produce a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'GET', 'DELETE', 'HEAD', 'PATCH'),
        fc.oneof(templatePath, randomPath),
        query,
        async (method, path, q) => {
          if (method === 'HEAD') {
            const res = await fetch(`${stack.baseUrl}${path}${q}`, { method, headers: { 'x-api-key': KEYS.operator } });
            expect(res.status < 500, `HEAD ${path}${q} → ${res.status}`).toBe(true);
            return;
          }
          await check(method, `${path}${q}`, {});
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('bodies (typed, ill-typed, malformed) never produce a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes.filter((r) => r.method !== 'GET')),
        fc.oneof(fc.constantFrom('1', '2', '4', '10'), idLike),
        fc.oneof(
          { weight: 4, arbitrary: body.map((b) => ({ body: b })) },
          { weight: 1, arbitrary: rawBody.map((raw) => ({ raw })) },
        ),
        async (route, id, payload) => {
          const path = route.url.replace(/:\w+/g, id);
          await check(route.method, path, payload);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('schema-valid bodies reach the subgraphs and still never produce a 5xx', async () => {
    const writes = routes.filter((r) => r.body);
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...writes)
          .chain((route) =>
            fc.tuple(
              fc.constant(route),
              fromSchema(route.body as Record<string, unknown>),
              fc.constantFrom('1', '4', '10', '999'),
            ),
          ),
        async ([route, payload, id]) => {
          await check(route.method, route.url.replace(/:\w+/g, id), { body: payload });
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('credentials: none, garbage keys and garbage bearer tokens are always a legacy 401', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes.map((r) => r.url.replace(/:\w+/g, '1'))),
        fc.oneof(
          fc.constant(null),
          fc.string({ maxLength: 40 }).filter((k) => /^[\x21-\x7e]*$/.test(k)),
        ),
        fc.option(
          fc.string({ maxLength: 60 }).filter((t) => /^[\x20-\x7e]*$/.test(t)),
          { nil: undefined },
        ),
        async (path, key, bearer) => {
          const headers: Record<string, string> = {};
          if (key !== null) headers['x-api-key'] = key;
          if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
          const res = await fetch(`${stack.baseUrl}${path}`, { headers });
          const text = await res.text();
          expect(res.status, `${path} ${JSON.stringify(headers)} → ${text}`).toBe(401);
          expect(Object.keys(JSON.parse(text)).sort()).toEqual(['code', 'details', 'error', 'message']);
        },
      ),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });
});
