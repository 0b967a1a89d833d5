// audit: the append-only audit log the services write (every mutation, every cross-conference read).
// Mirrors db/migrations/007_audit_log_and_required_conference.sql; test/db/drift.test.ts fails when the two differ.
import { bigserial, char, integer, pgSchema, text, timestamp, varchar } from 'drizzle-orm/pg-core';

export const audit = pgSchema('audit');

export const auditLog = audit.table('audit_log', {
  auditId: bigserial('audit_id', { mode: 'number' }).primaryKey(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  subject: text('subject').notNull(),
  conferenceId: integer('conference_id'),
  service: varchar('service', { length: 40 }).notNull(),
  operationType: varchar('operation_type', { length: 12 }).notNull(),
  operationName: text('operation_name'),
  variablesSha256: char('variables_sha256', { length: 64 }).notNull(),
  outcome: varchar('outcome', { length: 10 }).notNull(),
  errorCode: text('error_code'),
  requestId: text('request_id'),
});
