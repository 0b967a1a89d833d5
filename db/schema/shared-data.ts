// shared_data: reference rows every service reads and none writes (owned by the migration owner).
// Mirrors db/migrations/001_create_microservice_schemas.sql; test/db/drift.test.ts fails when the two differ.
import {
  boolean,
  date,
  doublePrecision,
  integer,
  pgSchema,
  serial,
  timestamp,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';

export const sharedData = pgSchema('shared_data');

export const sports = sharedData.table('sports', {
  sportId: serial('sport_id').primaryKey(),
  sportName: varchar('sport_name', { length: 100 }).notNull().unique(),
  sportCode: varchar('sport_code', { length: 20 }).notNull().unique(),
  gender: varchar('gender', { length: 10 }),
  seasonType: varchar('season_type', { length: 20 }),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const seasons = sharedData.table('seasons', {
  seasonId: serial('season_id').primaryKey(),
  seasonName: varchar('season_name', { length: 50 }).notNull().unique(),
  startYear: integer('start_year').notNull(),
  endYear: integer('end_year').notNull(),
  startDate: date('start_date').notNull(),
  endDate: date('end_date').notNull(),
  isCurrent: boolean('is_current').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const conferences = sharedData.table('conferences', {
  conferenceId: serial('conference_id').primaryKey(),
  name: varchar('name', { length: 100 }).notNull().unique(),
  abbreviation: varchar('abbreviation', { length: 20 }).notNull().unique(),
  region: varchar('region', { length: 50 }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const institutions = sharedData.table('institutions', {
  institutionId: serial('institution_id').primaryKey(),
  name: varchar('name', { length: 150 }).notNull().unique(),
  shortName: varchar('short_name', { length: 60 }),
  abbreviation: varchar('abbreviation', { length: 10 }).notNull(),
  mascot: varchar('mascot', { length: 60 }),
  city: varchar('city', { length: 100 }),
  state: varchar('state', { length: 2 }),
  timezone: varchar('timezone', { length: 50 }).notNull().default('America/Chicago'),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  conferenceId: integer('conference_id').references(() => conferences.conferenceId),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const teams = sharedData.table(
  'teams',
  {
    teamId: serial('team_id').primaryKey(),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.institutionId),
    sportId: integer('sport_id')
      .notNull()
      .references(() => sports.sportId),
    conferenceId: integer('conference_id').references(() => conferences.conferenceId),
    name: varchar('name', { length: 150 }).notNull(),
    abbreviation: varchar('abbreviation', { length: 10 }).notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('teams_institution_id_sport_id_key').on(t.institutionId, t.sportId)],
);

export const venues = sharedData.table('venues', {
  venueId: serial('venue_id').primaryKey(),
  institutionId: integer('institution_id').references(() => institutions.institutionId),
  conferenceId: integer('conference_id').references(() => conferences.conferenceId),
  name: varchar('name', { length: 150 }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
