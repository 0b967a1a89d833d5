// team_availability: owned by team_availability_service. Every table carries conference_id for RLS
// (NULL = a row shared by every conference). Mirrors db/migrations/002_migrate_team_availability_service.sql.
import {
  boolean,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgSchema,
  serial,
  text,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, tenantConferenceId, updatedAt } from './columns.ts';
import { seasons, sports, teams } from './shared-data.ts';

export const teamAvailability = pgSchema('team_availability');

export const teamSchedulingProfiles = teamAvailability.table(
  'team_scheduling_profiles',
  {
    profileId: serial('profile_id').primaryKey(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.teamId),
    seasonId: integer('season_id')
      .notNull()
      .references(() => seasons.seasonId),
    sportId: integer('sport_id')
      .notNull()
      .references(() => sports.sportId),
    conferenceId: tenantConferenceId(),
    preferredGameTimes: jsonb('preferred_game_times').notNull().default({}),
    maxGamesPerWeek: integer('max_games_per_week').notNull().default(3),
    minRestDays: integer('min_rest_days').notNull().default(1),
    maxConsecutiveHome: integer('max_consecutive_home').notNull().default(3),
    maxConsecutiveAway: integer('max_consecutive_away').notNull().default(3),
    homeGameTarget: integer('home_game_target'),
    notes: text('notes'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('team_scheduling_profiles_team_id_season_id_key').on(t.teamId, t.seasonId)],
);

export const teamRestRequirements = teamAvailability.table('team_rest_requirements', {
  requirementId: serial('requirement_id').primaryKey(),
  teamId: integer('team_id')
    .notNull()
    .references(() => teams.teamId),
  seasonId: integer('season_id').references(() => seasons.seasonId),
  conferenceId: tenantConferenceId(),
  minRestDays: integer('min_rest_days').notNull().default(1),
  minRestHours: integer('min_rest_hours'),
  backToBackAllowed: boolean('back_to_back_allowed').notNull().default(false),
  appliesTo: varchar('applies_to', { length: 30 }).notNull().default('all'),
  notes: text('notes'),
  createdAt: createdAt(),
});

export const teamTravelConstraints = teamAvailability.table('team_travel_constraints', {
  constraintId: serial('constraint_id').primaryKey(),
  teamId: integer('team_id')
    .notNull()
    .references(() => teams.teamId),
  seasonId: integer('season_id').references(() => seasons.seasonId),
  conferenceId: tenantConferenceId(),
  maxTravelDistanceMiles: integer('max_travel_distance_miles'),
  maxConsecutiveRoadGames: integer('max_consecutive_road_games').notNull().default(2),
  maxRoadTripDays: integer('max_road_trip_days'),
  travelMode: varchar('travel_mode', { length: 20 }).notNull().default('charter'),
  noTravelDays: jsonb('no_travel_days').notNull().default([]),
  createdAt: createdAt(),
});

export const teamAvailabilityWindows = teamAvailability.table('team_availability_windows', {
  windowId: serial('window_id').primaryKey(),
  teamId: integer('team_id')
    .notNull()
    .references(() => teams.teamId),
  seasonId: integer('season_id').references(() => seasons.seasonId),
  conferenceId: tenantConferenceId(),
  startDate: date('start_date').notNull(),
  endDate: date('end_date').notNull(),
  windowType: varchar('window_type', { length: 30 }).notNull().default('available'),
  priority: integer('priority').notNull().default(0),
  notes: text('notes'),
  createdAt: createdAt(),
});

export const teamBlackoutDates = teamAvailability.table('team_blackout_dates', {
  blackoutId: serial('blackout_id').primaryKey(),
  teamId: integer('team_id')
    .notNull()
    .references(() => teams.teamId),
  seasonId: integer('season_id').references(() => seasons.seasonId),
  conferenceId: tenantConferenceId(),
  startDate: date('start_date').notNull(),
  endDate: date('end_date').notNull(),
  blackoutType: varchar('blackout_type', { length: 30 }).notNull().default('other'),
  severity: varchar('severity', { length: 15 }).notNull().default('hard'),
  reason: text('reason'),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: createdAt(),
});

export const teamAvailabilityPreferences = teamAvailability.table('team_availability_preferences', {
  preferenceId: serial('preference_id').primaryKey(),
  teamId: integer('team_id')
    .notNull()
    .references(() => teams.teamId),
  seasonId: integer('season_id').references(() => seasons.seasonId),
  conferenceId: tenantConferenceId(),
  preferenceType: varchar('preference_type', { length: 40 }).notNull(),
  preferenceValue: jsonb('preference_value').notNull().default({}),
  weight: doublePrecision('weight').notNull().default(1),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: createdAt(),
});

/** Refreshed CONCURRENTLY (unique index on team_id); owned by team_availability_service so it may refresh it. */
export const institutionsTeamsView = teamAvailability
  .materializedView('institutions_teams_view', {
    teamId: integer('team_id').notNull(),
    teamName: varchar('team_name', { length: 150 }).notNull(),
    abbreviation: varchar('abbreviation', { length: 10 }).notNull(),
    sportId: integer('sport_id').notNull(),
    sportName: varchar('sport_name', { length: 100 }).notNull(),
    sportCode: varchar('sport_code', { length: 20 }).notNull(),
    institutionId: integer('institution_id').notNull(),
    institutionName: varchar('institution_name', { length: 150 }).notNull(),
    city: varchar('city', { length: 100 }),
    state: varchar('state', { length: 2 }),
    timezone: varchar('timezone', { length: 50 }).notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    conferenceId: integer('conference_id'),
    conferenceName: varchar('conference_name', { length: 100 }),
    isActive: boolean('is_active').notNull(),
  })
  .existing();
