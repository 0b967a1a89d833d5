// schedule_generation: owned by schedule_generation_service. Every table carries conference_id for RLS
// (NULL = shared by every conference, e.g. algorithm configurations). Mirrors
// db/migrations/005_migrate_schedule_generation_service.sql
// (+ 006_migration_guide_schema_names.sql).
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgSchema,
  serial,
  text,
  time,
  timestamp,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, tenantConferenceId, updatedAt } from './columns.ts';
import { seasons, sports, teams, venues } from './shared-data.ts';

export const scheduleGeneration = pgSchema('schedule_generation');

export const algorithmConfigurations = scheduleGeneration.table('algorithm_configurations', {
  algorithmId: serial('algorithm_id').primaryKey(),
  algorithmName: varchar('algorithm_name', { length: 100 }).notNull().unique(),
  /** e.g. 'round_robin' | 'simulated_annealing' | 'greedy' */
  algorithmType: varchar('algorithm_type', { length: 40 }).notNull(),
  description: text('description'),
  parameters: jsonb('parameters').notNull().default({}),
  isDefault: boolean('is_default').notNull().default(false),
  isActive: boolean('is_active').notNull().default(true),
  conferenceId: tenantConferenceId(),
  createdAt: createdAt(),
  /** The migration guide's name for algorithm_id (006, read-only). */
  configId: integer('config_id').generatedAlwaysAs(sql`algorithm_id`),
});

export const optimizationObjectives = scheduleGeneration.table('optimization_objectives', {
  objectiveId: serial('objective_id').primaryKey(),
  objectiveName: varchar('objective_name', { length: 100 }).notNull().unique(),
  description: text('description'),
  /** 'minimize' | 'maximize' */
  direction: varchar('direction', { length: 10 }).notNull().default('minimize'),
  metric: varchar('metric', { length: 60 }).notNull(),
  defaultWeight: doublePrecision('default_weight').notNull().default(1),
  isActive: boolean('is_active').notNull().default(true),
  conferenceId: tenantConferenceId(),
  createdAt: createdAt(),
});

export const schedules = scheduleGeneration.table('schedules', {
  scheduleId: serial('schedule_id').primaryKey(),
  name: varchar('name', { length: 200 }).notNull(),
  sportId: integer('sport_id')
    .notNull()
    .references(() => sports.sportId),
  seasonId: integer('season_id')
    .notNull()
    .references(() => seasons.seasonId),
  conferenceId: tenantConferenceId(),
  status: varchar('status', { length: 20 })
    .$type<'draft' | 'generating' | 'review' | 'published' | 'archived'>()
    .notNull()
    .default('draft'),
  startDate: date('start_date'),
  endDate: date('end_date'),
  description: text('description'),
  /** schedule_versions.version_id of the current version (no FK: the two tables reference each other). */
  currentVersionId: integer('current_version_id'),
  createdBy: varchar('created_by', { length: 100 }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const scheduleGenerationRequests = scheduleGeneration.table('schedule_generation_requests', {
  requestId: serial('request_id').primaryKey(),
  requestName: varchar('request_name', { length: 200 }).notNull(),
  sportId: integer('sport_id')
    .notNull()
    .references(() => sports.sportId),
  seasonId: integer('season_id').references(() => seasons.seasonId),
  conferenceId: tenantConferenceId(),
  algorithmId: integer('algorithm_id').references(() => algorithmConfigurations.algorithmId),
  generationParameters: jsonb('generation_parameters').notNull().default({}),
  primaryObjectives: jsonb('primary_objectives').notNull().default([]),
  /** 'pending' | 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' */
  status: varchar('status', { length: 20 }).notNull().default('pending'),
  requestedBy: varchar('requested_by', { length: 100 }),
  scheduleId: integer('schedule_id').references(() => schedules.scheduleId, { onDelete: 'set null' }),
  errorMessage: text('error_message'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
});

export const scheduleVersions = scheduleGeneration.table(
  'schedule_versions',
  {
    versionId: serial('version_id').primaryKey(),
    scheduleId: integer('schedule_id')
      .notNull()
      .references(() => schedules.scheduleId, { onDelete: 'cascade' }),
    versionNumber: integer('version_number').notNull(),
    conferenceId: tenantConferenceId(),
    /** 'manual' | 'generated' | 'optimized' | 'imported' */
    source: varchar('source', { length: 30 }).notNull().default('manual'),
    algorithmId: integer('algorithm_id').references(() => algorithmConfigurations.algorithmId),
    requestId: integer('request_id').references(() => scheduleGenerationRequests.requestId, { onDelete: 'set null' }),
    score: doublePrecision('score'),
    hardViolations: integer('hard_violations').notNull().default(0),
    softPenalty: doublePrecision('soft_penalty').notNull().default(0),
    isCurrent: boolean('is_current').notNull().default(false),
    notes: text('notes'),
    createdBy: varchar('created_by', { length: 100 }),
    createdAt: createdAt(),
    /** The version this one was made from (009). */
    previousVersionId: integer('previous_version_id').references((): AnyPgColumn => scheduleVersions.versionId, {
      onDelete: 'set null',
    }),
    /** What changed against previousVersionId (009): see generation/version-diff.ts. */
    changes: jsonb('changes'),
  },
  (t) => [unique('schedule_versions_schedule_id_version_number_key').on(t.scheduleId, t.versionNumber)],
);

export const games = scheduleGeneration.table('games', {
  gameId: serial('game_id').primaryKey(),
  scheduleId: integer('schedule_id')
    .notNull()
    .references(() => schedules.scheduleId, { onDelete: 'cascade' }),
  versionId: integer('version_id').references((): AnyPgColumn => scheduleVersions.versionId, { onDelete: 'cascade' }),
  conferenceId: tenantConferenceId(),
  homeTeamId: integer('home_team_id')
    .notNull()
    .references(() => teams.teamId),
  awayTeamId: integer('away_team_id')
    .notNull()
    .references(() => teams.teamId),
  venueId: integer('venue_id').references(() => venues.venueId),
  gameDate: date('game_date').notNull(),
  startTime: time('start_time'),
  /** Round / slot number within the schedule (1-based); NULL when the game is placed by date only. */
  slot: integer('slot'),
  /** 'conference' | 'non_conference' | 'tournament' | 'exhibition' */
  gameType: varchar('game_type', { length: 20 }).notNull().default('conference'),
  /** 'scheduled' | 'tentative' | 'confirmed' | 'postponed' | 'cancelled' | 'completed' */
  status: varchar('status', { length: 20 }).notNull().default('scheduled'),
  isNeutralSite: boolean('is_neutral_site').notNull().default(false),
  broadcastNetwork: varchar('broadcast_network', { length: 50 }),
  notes: text('notes'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  /** Kept (date, home, away) by every optimisation (009). */
  locked: boolean('locked').notNull().default(false),
});

export const scheduleGenerationJobs = scheduleGeneration.table('schedule_generation_jobs', {
  jobId: serial('job_id').primaryKey(),
  requestId: integer('request_id')
    .notNull()
    .references(() => scheduleGenerationRequests.requestId, { onDelete: 'cascade' }),
  conferenceId: tenantConferenceId(),
  /** The queue's own job id (BullMQ) when jobs run on Redis. */
  queueJobId: varchar('queue_job_id', { length: 100 }),
  /** 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' */
  status: varchar('status', { length: 20 }).notNull().default('queued'),
  /** 0..100 */
  progress: doublePrecision('progress').notNull().default(0),
  attempts: integer('attempts').notNull().default(0),
  workerId: varchar('worker_id', { length: 100 }),
  resultVersionId: integer('result_version_id').references(() => scheduleVersions.versionId, { onDelete: 'set null' }),
  errorMessage: text('error_message'),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const scheduleOptimizationMetrics = scheduleGeneration.table('schedule_optimization_metrics', {
  metricId: serial('metric_id').primaryKey(),
  scheduleId: integer('schedule_id')
    .notNull()
    .references(() => schedules.scheduleId, { onDelete: 'cascade' }),
  versionId: integer('version_id').references(() => scheduleVersions.versionId, { onDelete: 'cascade' }),
  jobId: integer('job_id').references(() => scheduleGenerationJobs.jobId, { onDelete: 'set null' }),
  conferenceId: tenantConferenceId(),
  metricName: varchar('metric_name', { length: 60 }).notNull(),
  metricValue: doublePrecision('metric_value').notNull(),
  iteration: integer('iteration'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
});

export const scheduleComparisonResults = scheduleGeneration.table('schedule_comparison_results', {
  comparisonId: serial('comparison_id').primaryKey(),
  scheduleId: integer('schedule_id').references(() => schedules.scheduleId, { onDelete: 'cascade' }),
  versionAId: integer('version_a_id')
    .notNull()
    .references(() => scheduleVersions.versionId, { onDelete: 'cascade' }),
  versionBId: integer('version_b_id')
    .notNull()
    .references(() => scheduleVersions.versionId, { onDelete: 'cascade' }),
  conferenceId: tenantConferenceId(),
  comparisonMetrics: jsonb('comparison_metrics').notNull().default({}),
  winnerVersionId: integer('winner_version_id'),
  summary: text('summary'),
  createdAt: createdAt(),
});
