// Columns every service table shares, declared once so the convention cannot drift between tables.
import { integer, timestamp } from 'drizzle-orm/pg-core';
import { conferences } from './shared-data.ts';

/** The tenant of row-level security (`app.conference_id`); NULL for catalogue rows every conference shares. */
export const tenantConferenceId = () => integer('conference_id').references(() => conferences.conferenceId);

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
