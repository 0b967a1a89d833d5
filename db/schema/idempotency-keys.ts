// <service>.idempotency_keys (migration 010), one table per service schema: a mutation's Idempotency-Key, recorded in
// the transaction of its writes with the request's sha256 and the response a retry gets (subgraphs/kit/idempotency/).
import { bigserial, char, index, integer, jsonb, type PgSchema, timestamp, unique, varchar } from 'drizzle-orm/pg-core';
import type { ServiceName } from '../services.ts';
import { createdAt } from './columns.ts';
import { constraintValidation } from './constraint-validation.ts';
import { scheduleGeneration } from './schedule-generation.ts';
import { teamAvailability } from './team-availability.ts';
import { venueManagement } from './venue-management.ts';

function idempotencyKeysOf(schema: PgSchema) {
  return schema.table(
    'idempotency_keys',
    {
      idempotencyKeyId: bigserial('idempotency_key_id', { mode: 'number' }).primaryKey(),
      // no foreign key: the tenant of the key, null for an operator's (no conference)
      conferenceId: integer('conference_id'),
      caller: varchar('caller', { length: 200 }).notNull(),
      idempotencyKey: varchar('idempotency_key', { length: 255 }).notNull(),
      requestSha256: char('request_sha256', { length: 64 }).notNull(),
      response: jsonb('response'),
      createdAt: createdAt(),
      expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    },
    (t) => [
      unique('idempotency_keys_key').on(t.conferenceId, t.caller, t.idempotencyKey).nullsNotDistinct(),
      index('idempotency_keys_expires_idx').on(t.expiresAt),
    ],
  );
}

export const teamAvailabilityIdempotencyKeys = idempotencyKeysOf(teamAvailability);
export const venueManagementIdempotencyKeys = idempotencyKeysOf(venueManagement);
export const constraintValidationIdempotencyKeys = idempotencyKeysOf(constraintValidation);
export const scheduleGenerationIdempotencyKeys = idempotencyKeysOf(scheduleGeneration);

/** Each service's table of keys. */
export const IDEMPOTENCY_KEYS: Readonly<Record<ServiceName, ReturnType<typeof idempotencyKeysOf>>> = {
  'team-availability': teamAvailabilityIdempotencyKeys,
  'venue-management': venueManagementIdempotencyKeys,
  'constraint-validation': constraintValidationIdempotencyKeys,
  'schedule-generation': scheduleGenerationIdempotencyKeys,
};
