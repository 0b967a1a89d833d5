// What a service that extends another service's entity holds of it: the key alone, as the integer primary key. Its
// `__resolveReference` turns the representation's `id` into this, and the fields it adds read the key from it
// (generated resolver types map the entity to these: bin/commands/codegen.ts).

export interface TeamKey {
  teamId: number;
  /** A game's team carries its name when the games statement selected it (`@provides(fields: "name")`). */
  name?: string;
}

export interface VenueKey {
  venueId: number;
}

export interface ScheduleKey {
  scheduleId: number;
}
