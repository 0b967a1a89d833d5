// The Drizzle schema of every FlexTime schema, in one object (pass it to drizzle() for db.query.*).
export * from './audit.ts';
export * from './constraint-validation.ts';
export * from './idempotency-keys.ts';
export * from './schedule-generation.ts';
export * from './shared-data.ts';
export * from './team-availability.ts';
export * from './venue-management.ts';
