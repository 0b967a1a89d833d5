// constraint_validation: owned by constraint_validation_service. Every table carries conference_id for RLS
// (NULL = shared by every conference, e.g. the template catalogue). Mirrors
// db/migrations/004_migrate_constraint_validation_service.sql
// (+ 006_migration_guide_schema_names.sql).
import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  integer,
  jsonb,
  pgSchema,
  serial,
  text,
  timestamp,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, tenantConferenceId, updatedAt } from './columns.ts';
import { seasons, sports, teams } from './shared-data.ts';

export const constraintValidation = pgSchema('constraint_validation');

/** scheduling 100, venue 90, travel 80, competitive 70, broadcast 60, academic 50 (seeded by 004). */
export const constraintCategories = constraintValidation.table('constraint_categories', {
  categoryId: serial('category_id').primaryKey(),
  categoryName: varchar('category_name', { length: 50 }).notNull().unique(),
  description: text('description'),
  priority: integer('priority').notNull(),
  conferenceId: tenantConferenceId(),
  createdAt: createdAt(),
});

export const constraintTemplates = constraintValidation.table('constraint_templates', {
  templateId: serial('template_id').primaryKey(),
  categoryId: integer('category_id')
    .notNull()
    .references(() => constraintCategories.categoryId),
  templateName: varchar('template_name', { length: 100 }).notNull().unique(),
  description: text('description'),
  constraintType: varchar('constraint_type', { length: 10 }).$type<'hard' | 'soft'>().notNull().default('hard'),
  defaultWeight: doublePrecision('default_weight').notNull().default(1),
  /** { type: '<evaluator name>', ... } — the engine's evaluator is chosen by validation_logic.type. */
  validationLogic: jsonb('validation_logic').notNull(),
  /** JSON Schema of the parameters a profile/policy may set. */
  parameterSchema: jsonb('parameter_schema').notNull(),
  sportId: integer('sport_id').references(() => sports.sportId),
  conferenceId: tenantConferenceId(),
  version: integer('version').notNull().default(1),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const constraintProfiles = constraintValidation.table('constraint_profiles', {
  profileId: serial('profile_id').primaryKey(),
  profileName: varchar('profile_name', { length: 100 }).notNull(),
  description: text('description'),
  sportId: integer('sport_id').references(() => sports.sportId),
  seasonId: integer('season_id').references(() => seasons.seasonId),
  /** Set for a team-specific profile; NULL for a conference/sport-wide one. */
  teamId: integer('team_id').references(() => teams.teamId),
  conferenceId: tenantConferenceId(),
  isDefault: boolean('is_default').notNull().default(false),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const constraintEnforcementPolicies = constraintValidation.table('constraint_enforcement_policies', {
  policyId: serial('policy_id').primaryKey(),
  profileId: integer('profile_id').references(() => constraintProfiles.profileId, { onDelete: 'cascade' }),
  templateId: integer('template_id')
    .notNull()
    .references(() => constraintTemplates.templateId),
  conferenceId: tenantConferenceId(),
  /** 'hard' | 'soft' | 'advisory' | 'disabled' */
  enforcementLevel: varchar('enforcement_level', { length: 15 }).notNull().default('hard'),
  weight: doublePrecision('weight').notNull().default(1),
  parameters: jsonb('parameters').notNull().default({}),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: createdAt(),
});

export const scheduleConstraintEvaluations = constraintValidation.table('schedule_constraint_evaluations', {
  evaluationId: serial('evaluation_id').primaryKey(),
  /** constraint_templates.template_id */
  constraintId: integer('constraint_id')
    .notNull()
    .references(() => constraintTemplates.templateId),
  /** schedule_generation.schedules.schedule_id (logical reference: no cross-service foreign key). */
  scheduleId: integer('schedule_id').notNull(),
  versionId: integer('version_id'),
  conferenceId: tenantConferenceId(),
  /** 'passed' | 'failed' | 'warning' | 'error' | 'pending' */
  validationStatus: varchar('validation_status', { length: 15 }).notNull(),
  violationCount: integer('violation_count').notNull().default(0),
  score: doublePrecision('score'),
  details: jsonb('details').notNull().default({}),
  evaluatedAt: timestamp('evaluated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const constraintViolationLogs = constraintValidation.table('constraint_violation_logs', {
  violationId: serial('violation_id').primaryKey(),
  evaluationId: integer('evaluation_id').references(() => scheduleConstraintEvaluations.evaluationId, {
    onDelete: 'cascade',
  }),
  scheduleId: integer('schedule_id').notNull(),
  constraintId: integer('constraint_id').references(() => constraintTemplates.templateId),
  conferenceId: tenantConferenceId(),
  /** schedule_generation.games.game_id (logical reference). */
  gameId: integer('game_id'),
  severity: varchar('severity', { length: 15 }).$type<'hard' | 'soft' | 'info'>().notNull().default('hard'),
  message: text('message').notNull(),
  details: jsonb('details').notNull().default({}),
  isResolved: boolean('is_resolved').notNull().default(false),
  loggedAt: timestamp('logged_at', { withTimezone: true }).notNull().defaultNow(),
  /** The migration guide's name for logged_at (006, read-only). */
  violationTimestamp: timestamp('violation_timestamp', { withTimezone: true }).generatedAlwaysAs(sql`logged_at`),
});
