// Shared by the REST contract tests (contract-v1, contract-v2): the documented response schemas, the legacy
// error shape, and user tokens.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SignJWT } from 'jose';
import { expect } from 'vitest';
import { routes } from '../../gateway/rest/index.ts';
import { type Json, JWT_SECRET } from '../support/stack.ts';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));

/** The documented response schema of a route (`/api/v1/schedules/:id`) for a status. */
export function schemaFor(method: string, url: string, status: number) {
  const spec = routes.find((r) => r.method === method && r.url === url);
  if (!spec) throw new Error(`no route ${method} ${url}`);
  const schema = spec.responses[status];
  if (schema === undefined) throw new Error(`${method} ${url} documents no ${status}`);
  return schema;
}

export function expectShape(
  method: string,
  url: string,
  status: number,
  res: { status: number; body: unknown; text: string },
) {
  expect(res.status, res.text.slice(0, 400)).toBe(status);
  const schema = schemaFor(method, url, status);
  if (schema === null) return;
  const validate = ajv.compile(schema);
  expect(validate(res.body), JSON.stringify(validate.errors)).toBe(true);
}

export function expectError(
  res: { status: number; body: Json; text: string; headers: Headers },
  status: number,
  field?: string,
) {
  expect(res.status, res.text.slice(0, 400)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  expect(Object.keys(res.body).sort()).toEqual(['code', 'details', 'error', 'message']);
  expect(typeof res.body.error).toBe('string');
  expect(typeof res.body.message).toBe('string');
  expect(typeof res.body.code).toBe('string');
  expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+/); // never a stack trace
  if (field) expect(res.body.details?.field).toBe(field);
}

export async function jwt(claims: Record<string, unknown>, exp: string | number = '5m') {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('tester')
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(JWT_SECRET));
}
