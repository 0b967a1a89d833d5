// A gateway call that fails because of the caller's input keeps the caller's error code; only an upstream failure
// (unreachable gateway, an upstream's internal error) becomes SERVICE_UNAVAILABLE (503).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError, gatewayRequest, upstreamError } from '../../subgraphs/kit/gateway-client.ts';
import { INTERNAL_SECRET } from '../support/auth.ts';

let server: Server;
let url: string;
const answers: Record<string, unknown> = {
  caller: { errors: [{ message: 'no constraint profile for sport 9', extensions: { code: 'BAD_USER_INPUT' } }] },
  upstream: { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const { query } = JSON.parse(body) as { query: string };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answers[query]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function failure(query: string, target = url): Promise<unknown> {
  return gatewayRequest(query, {}, { url: target, timeoutMs: 2000, internalSecret: INTERNAL_SECRET }).then(
    () => expect.unreachable('the call should fail'),
    (error: unknown) => error,
  );
}

describe('upstreamError', () => {
  it("keeps the caller's code when every upstream error blames the input", async () => {
    const error = await failure('caller');
    expect(error).toBeInstanceOf(GatewayError);
    const mapped = upstreamError(error, 'compare: ');
    expect(mapped.extensions.code).toBe('BAD_USER_INPUT');
    expect(mapped.extensions.http).toBeUndefined();
    expect(mapped.message).toBe('compare: gateway: no constraint profile for sport 9');
  });

  it("answers 503 for an upstream's own failure", async () => {
    const mapped = upstreamError(await failure('upstream'));
    expect(mapped.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', http: { status: 503 } });
  });

  it('answers 503 when the gateway cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const mapped = upstreamError(await failure('caller', `http://127.0.0.1:${port}/graphql`));
    expect(mapped.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', http: { status: 503 } });
  });
});
