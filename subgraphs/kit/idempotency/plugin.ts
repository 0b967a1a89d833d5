// Retry-safe mutations (one mechanism for every mutation of every subgraph): a mutation that carries an
// Idempotency-Key runs in one transaction that first claims the key — (tenant, caller, key), with a sha256 of the
// operation and variables — then does the mutation's work and, before COMMIT, stores the response. So:
// - a retry after the first attempt committed finds the key and gets the stored response; nothing runs again;
// - a retry after an attempt that never committed (its process killed, its connection lost) finds no key and runs;
// - two requests with the same key at once: the second waits for the first's transaction (a few seconds at most,
//   then IDEMPOTENCY_KEY_IN_USE), then replays its response; never both run;
// - the same key with another operation or other variables: IDEMPOTENCY_KEY_REUSED;
// - a response with server errors (anything but the caller's own mistakes) is not stored: everything rolls back and
//   the retry runs the mutation again.
// Queries ignore the header (they are safe to retry as they are).
import { type ApolloServerPlugin, type GraphQLResponse, HeaderMap } from '@apollo/server';
import type { FormattedExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { DatabaseUnavailableError, type ServiceName } from '../../../db/index.ts';
import { principalSubject } from '../audit.ts';
import type { BaseContext } from '../context.ts';
import { isClientError } from '../graphql-http.ts';
import {
  IDEMPOTENCY_CODES,
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeyOf,
  idempotencyTtlSeconds,
  keyReused,
  requestSha256,
} from './key.ts';
import { setHoldingKeyedTransaction } from './outside-effects.ts';
import { type Claim, claimKey, type KeyIdentity, type StoredResponse, storeResponse } from './store.ts';

type Context = Pick<BaseContext, 'tenant' | 'principal' | 'transactions'>;

function answer(result: StoredResponse): GraphQLResponse {
  return {
    body: { kind: 'single', singleResult: result as FormattedExecutionResult },
    http: { status: undefined, headers: new HeaderMap() },
  };
}

const formatted = (error: GraphQLError): GraphQLFormattedError => ({
  message: error.message,
  extensions: error.extensions,
});

function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

/** Whether a keyed response may be stored and replayed: no error, or only the caller's own mistakes. */
function storable(errors: readonly GraphQLFormattedError[]): boolean {
  return errors.every((e) => isClientError(e) && e.extensions?.code !== IDEMPOTENCY_CODES.notSupported);
}

export function idempotencyPlugin(service: ServiceName): ApolloServerPlugin<object> {
  const ttlSeconds = idempotencyTtlSeconds();
  return {
    async requestDidStart() {
      let keyed: KeyIdentity | null = null;
      return {
        async responseForOperation(rc) {
          if (rc.operation?.operation !== 'mutation') return null;
          let key: string | undefined;
          try {
            key = idempotencyKeyOf(rc.request.http?.headers.get(IDEMPOTENCY_KEY_HEADER));
          } catch (error) {
            if (isGraphQLError(error)) return answer({ errors: [formatted(error)] });
            throw error;
          }
          if (key === undefined) return null;
          const ctx = rc.contextValue as Context;
          const id: KeyIdentity = { conferenceId: ctx.tenant, caller: principalSubject(ctx), key };
          const hash = requestSha256(rc.source ?? '', rc.operationName, rc.request.variables);
          let claim: Claim;
          try {
            ({ claim } = await ctx.transactions.hold(
              (tx) => claimKey(tx, service, id, hash, ttlSeconds),
              (c) => c.kind === 'claimed',
            ));
          } catch (error) {
            if (isGraphQLError(error)) return answer({ errors: [formatted(error)] });
            throw error;
          }
          if (claim.kind === 'replay') return answer(claim.response);
          if (claim.kind === 'reused') return answer({ errors: [formatted(keyReused())] });
          keyed = id;
          setHoldingKeyedTransaction(true);
          return null;
        },
        async willSendResponse(rc) {
          if (!keyed) return;
          const id = keyed;
          keyed = null;
          setHoldingKeyedTransaction(false);
          const body = rc.response.body;
          const result = body.kind === 'single' ? body.singleResult : body.initialResult;
          const errors = result.errors ?? [];
          const { transactions } = rc.contextValue as Context;
          if (!storable(errors)) {
            await transactions.release(null).catch(() => {});
            // nothing was written: say so, without data that described writes now undone
            rc.response.body = { kind: 'single', singleResult: { data: null, errors } };
            return;
          }
          const response: StoredResponse = { data: result.data ?? null, ...(errors.length ? { errors } : {}) };
          try {
            await transactions.release((tx) => storeResponse(tx, service, id, response));
          } catch (error) {
            const unknown = error instanceof DatabaseUnavailableError && error.outcome === 'unknown';
            rc.response.body = {
              kind: 'single',
              singleResult: {
                data: null,
                errors: [
                  {
                    message: unknown
                      ? 'The database connection was lost while committing: retry with the same Idempotency-Key'
                      : 'The database refused to commit; nothing was written: retry with the same Idempotency-Key',
                    extensions: { code: 'DATABASE_UNAVAILABLE', outcome: unknown ? 'unknown' : 'rolled-back' },
                  },
                ],
              },
            };
          }
        },
      };
    },
  };
}
