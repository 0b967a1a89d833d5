// The audit trail: every mutation, and every query by a caller without a conference (an operator reading across
// conferences), leaves one row in audit.audit_log (db/migrations/007) — who, which conference, which service and
// operation, a sha256 of the variables (never their values) and the outcome. Written by the service's own role, which
// may INSERT there and nothing else. The row is written before the response leaves, so a caller that saw the answer
// can find its row; a failed audit insert is logged as an error and does not turn a done mutation into a failure.
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type pino from 'pino';
import type { Database, ServiceName } from '../../db/index.ts';
import { auditLog } from '../../db/schema/index.ts';

/** Who made the request, as recorded in the audit log: the subject of the gateway's verified statement. */
export function principalSubject(context: { principal?: { subject: string } | null }): string {
  const subject = context.principal?.subject?.trim();
  return subject ? subject.slice(0, 200) : 'anonymous';
}

/** sha256 of the variables as canonical JSON (keys sorted at every level), so equal variables give equal digests. */
export function variablesDigest(variables: Record<string, unknown> | undefined): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(variables ?? {})))
    .digest('hex');
}

/** Root fields that read no tenant data: federation's composition query and introspection. */
const UNAUDITED_ROOT_FIELDS = new Set(['_service', '__schema', '__type', '__typename']);

type Audited = GraphQLRequestContextWillSendResponse<{
  tenant?: number | null;
  requestId?: string;
  principal?: { subject: string } | null;
}>;

function mustAudit(rc: Audited): boolean {
  const operation = rc.operation;
  if (!operation) return false; // refused before execution: nothing was read or written
  if (operation.operation === 'mutation') return true;
  if (rc.contextValue.tenant !== null && rc.contextValue.tenant !== undefined) return false;
  return operation.selectionSet.selections.some((s) => s.kind !== 'Field' || !UNAUDITED_ROOT_FIELDS.has(s.name.value));
}

function outcomeOf(rc: Audited): { outcome: 'ok' | 'partial' | 'error'; errorCode: string | null } {
  const body = rc.response.body;
  const result = body.kind === 'single' ? body.singleResult : body.initialResult;
  const errors = result.errors ?? [];
  if (errors.length === 0) return { outcome: 'ok', errorCode: null };
  const code = errors[0].extensions?.code;
  return {
    outcome: result.data ? 'partial' : 'error',
    errorCode: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
  };
}

export function auditPlugin(service: ServiceName, db: Database, logger: pino.Logger): ApolloServerPlugin {
  const serviceDb = db.service(service);
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          const audited = rc as Audited;
          if (!mustAudit(audited)) return;
          const row = {
            subject: principalSubject(audited.contextValue),
            conferenceId: audited.contextValue.tenant ?? null,
            service,
            operationType: audited.operation?.operation ?? 'query',
            operationName: rc.operationName ?? null,
            variablesSha256: variablesDigest(rc.request.variables),
            ...outcomeOf(audited),
            requestId: audited.contextValue.requestId ?? null,
          };
          try {
            await serviceDb.run(async (tx) => {
              await tx.insert(auditLog).values(row);
            });
          } catch (error) {
            logger.error({ err: error, audit: row }, 'audit row not written');
          }
        },
      };
    },
  };
}
