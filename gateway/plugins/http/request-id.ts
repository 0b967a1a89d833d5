// Request ids: honour a well-formed incoming `x-request-id`, otherwise generate one; echo it on the response.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { REQUEST_ID_HEADER } from '../../context.ts';
import type { HttpPlugin } from '../types.ts';

export { REQUEST_ID_HEADER };

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Validates a caller-supplied id (bounded length, no control characters) or makes a new UUID. */
export function requestIdFrom(value: string | string[] | undefined): string {
  const id = Array.isArray(value) ? value[0] : value;
  return id && VALID_ID.test(id) ? id : randomUUID();
}

/** For Fastify's `genReqId` option: the id of every request, as seen by logs and plugins. */
export function genReqId(req: IncomingMessage): string {
  return requestIdFrom(req.headers[REQUEST_ID_HEADER]);
}

/** Echoes the id so callers can correlate their request with the gateway's and the subgraphs' logs. */
export function useRequestId(): HttpPlugin {
  return (app) => {
    app.addHook('onRequest', async (request, reply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
    });
  };
}
