// venue_management: owned by venue_management_service. Every table carries conference_id for RLS
// (NULL = shared by every conference). Mirrors db/migrations/003_migrate_venue_management_service.sql
// and 006_migration_guide_schema_names.sql.
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgSchema,
  serial,
  smallint,
  text,
  time,
  timestamp,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, tenantConferenceId, updatedAt } from './columns.ts';
import { sports, venues } from './shared-data.ts';

export const venueManagement = pgSchema('venue_management');

export const venueProfiles = venueManagement.table('venue_profiles', {
  profileId: serial('profile_id').primaryKey(),
  venueId: integer('venue_id')
    .notNull()
    .unique()
    .references(() => venues.venueId),
  conferenceId: tenantConferenceId(),
  venueType: varchar('venue_type', { length: 30 }).notNull().default('arena'),
  capacity: integer('capacity'),
  surface: varchar('surface', { length: 40 }),
  isIndoor: boolean('is_indoor').notNull().default(true),
  address: varchar('address', { length: 200 }),
  city: varchar('city', { length: 100 }),
  state: varchar('state', { length: 2 }),
  timezone: varchar('timezone', { length: 50 }),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  amenities: jsonb('amenities').notNull().default({}),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  // The migration guide's names (006): read-only copies of the columns above; write those instead.
  standardCapacity: integer('standard_capacity').generatedAlwaysAs(sql`capacity`),
  climateControlled: boolean('climate_controlled').generatedAlwaysAs(sql`is_indoor`),
  currentlyAvailable: boolean('currently_available').generatedAlwaysAs(sql`is_active`),
  /** shared_data.venues.name of venue_id, set by a trigger on every write (the default is never stored). */
  venueName: varchar('venue_name', { length: 150 }).notNull().default(''),
});

export const venueOperationalHours = venueManagement.table(
  'venue_operational_hours',
  {
    hoursId: serial('hours_id').primaryKey(),
    venueId: integer('venue_id')
      .notNull()
      .references(() => venues.venueId),
    conferenceId: tenantConferenceId(),
    dayOfWeek: smallint('day_of_week').notNull(),
    openTime: time('open_time').notNull(),
    closeTime: time('close_time').notNull(),
    allowsGames: boolean('allows_games').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [unique('venue_operational_hours_venue_id_day_of_week_key').on(t.venueId, t.dayOfWeek)],
);

export const venueSportConfigurations = venueManagement.table(
  'venue_sport_configurations',
  {
    configId: serial('config_id').primaryKey(),
    venueId: integer('venue_id')
      .notNull()
      .references(() => venues.venueId),
    sportId: integer('sport_id')
      .notNull()
      .references(() => sports.sportId),
    conferenceId: tenantConferenceId(),
    capacity: integer('capacity'),
    setupMinutes: integer('setup_minutes').notNull().default(120),
    teardownMinutes: integer('teardown_minutes').notNull().default(60),
    configuration: jsonb('configuration').notNull().default({}),
    isPrimary: boolean('is_primary').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [unique('venue_sport_configurations_venue_id_sport_id_key').on(t.venueId, t.sportId)],
);

export const venueUnavailabilityPeriods = venueManagement.table('venue_unavailability_periods', {
  periodId: serial('period_id').primaryKey(),
  venueId: integer('venue_id')
    .notNull()
    .references(() => venues.venueId),
  conferenceId: tenantConferenceId(),
  startDate: date('start_date').notNull(),
  endDate: date('end_date').notNull(),
  startTime: time('start_time'),
  endTime: time('end_time'),
  unavailabilityType: varchar('unavailability_type', { length: 30 }).notNull().default('maintenance'),
  reason: varchar('reason', { length: 200 }),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: createdAt(),
});

export const venueAvailabilityRules = venueManagement.table('venue_availability_rules', {
  ruleId: serial('rule_id').primaryKey(),
  venueId: integer('venue_id')
    .notNull()
    .references(() => venues.venueId),
  sportId: integer('sport_id').references(() => sports.sportId),
  conferenceId: tenantConferenceId(),
  ruleType: varchar('rule_type', { length: 40 }).notNull(),
  ruleParameters: jsonb('rule_parameters').notNull().default({}),
  priority: integer('priority').notNull().default(0),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: createdAt(),
});

export const venueBookingConflicts = venueManagement.table('venue_booking_conflicts', {
  conflictId: serial('conflict_id').primaryKey(),
  venueId: integer('venue_id')
    .notNull()
    .references(() => venues.venueId),
  conferenceId: tenantConferenceId(),
  conflictDate: date('conflict_date').notNull(),
  startTime: time('start_time'),
  endTime: time('end_time'),
  conflictType: varchar('conflict_type', { length: 30 }).notNull().default('double_booking'),
  description: text('description'),
  /** A game id in schedule_generation.games (logical reference: no cross-service foreign key). */
  relatedGameId: integer('related_game_id'),
  resolutionStatus: varchar('resolution_status', { length: 20 }).notNull().default('open'),
  createdAt: createdAt(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
});

/** Refreshed CONCURRENTLY (unique index on venue_id); owned by venue_management_service. */
export const venuesInstitutionsView = venueManagement
  .materializedView('venues_institutions_view', {
    venueId: integer('venue_id').notNull(),
    venueName: varchar('venue_name', { length: 150 }).notNull(),
    institutionId: integer('institution_id'),
    institutionName: varchar('institution_name', { length: 150 }),
    institutionAbbreviation: varchar('institution_abbreviation', { length: 10 }),
    city: varchar('city', { length: 100 }),
    state: varchar('state', { length: 2 }),
    timezone: varchar('timezone', { length: 50 }),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    conferenceId: integer('conference_id'),
  })
  .existing();
