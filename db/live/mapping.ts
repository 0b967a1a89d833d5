// The monolith → services mapping of a live migration: for each service table, the expression of each of its
// columns over the legacy public.* tables. It states the same mapping as db/migrations/001–005's one-shot copies
// (which are applied files and never edited); test/db/live-migration-mapping.test.ts proves the two equal by running
// 001–005 over the legacy fixture and comparing every copied row with this mapping's view of the same monolith.
// Differences from the files' SQL are only where they read a service table that the live path may not have
// filled yet: conference/sport/timezone come from the legacy public.teams / public.institutions / public.schedules
// rows that shared_data and the service tables were copied from.
//
// `reverse` is the inverse used once the services are live (reverse capture): each monolith column as an
// expression over the service row (alias t). Tables without `reverse` are reference data the services cannot write.

export interface LiveMapping {
  /** The service table, schema-qualified. */
  target: string;
  /** Its key column: the legacy id is kept as the service id. */
  key: string;
  /** The legacy table (public.<source>, key column id). */
  source: string;
  /** FROM clause over the legacy tables; the source table's alias is x. */
  from: string;
  /** Service column → SQL expression over the FROM clause. */
  columns: Record<string, string>;
  /** Mapped only when the service table has the column (added by a later migration, e.g. 006's guide names). */
  optionalColumns?: Record<string, string>;
  /**
   * Rows to map again when another legacy table changes (their derived columns follow it): a predicate over the
   * mapping view (alias v) in which {ids} stands for the changed ids of `source`.
   */
  alsoWhen?: { source: string; predicate: string }[];
  /** 'nothing': a derived row that is only ever inserted (never overwritten: the services own it afterwards). */
  onConflict?: 'update' | 'nothing';
  /** Columns that verify does not compare (set by the services themselves, or not carried back by reverse). */
  unverified?: string[];
  /** Not compared at all by verify (a derived row the services may legitimately lack or add). */
  derived?: boolean;
  /** Service rows that belong to the monolith mapping (alias t); others are the services' own (e.g. generated versions). */
  scope?: string;
  /** Reverse capture: legacy column → expression over the service row t. */
  reverse?: Record<string, string>;
}

const TEAM_ALSO: LiveMapping['alsoWhen'] = [{ source: 'teams', predicate: 'v.team_id = ANY({ids})' }];

export const LIVE_MAPPINGS: LiveMapping[] = [
  {
    target: 'shared_data.sports',
    key: 'sport_id',
    source: 'sports',
    from: 'public.sports x',
    columns: {
      sport_id: 'x.id',
      sport_name: 'x.name',
      sport_code: 'x.code',
      gender: 'x.gender',
      season_type: 'x.season_type',
      is_active: 'coalesce(x.is_active, true)',
      created_at: 'coalesce(x.created_at, now())',
    },
  },
  {
    target: 'shared_data.seasons',
    key: 'season_id',
    source: 'seasons',
    from: 'public.seasons x',
    columns: {
      season_id: 'x.id',
      season_name: 'x.name',
      start_year: 'x.start_year',
      end_year: 'x.end_year',
      start_date: 'x.start_date',
      end_date: 'x.end_date',
      is_current: 'coalesce(x.is_current, false)',
      created_at: 'coalesce(x.created_at, now())',
    },
  },
  {
    target: 'shared_data.conferences',
    key: 'conference_id',
    source: 'conferences',
    from: 'public.conferences x',
    columns: {
      conference_id: 'x.id',
      name: 'x.name',
      abbreviation: 'x.abbreviation',
      region: 'x.region',
      created_at: 'coalesce(x.created_at, now())',
    },
  },
  {
    target: 'shared_data.institutions',
    key: 'institution_id',
    source: 'institutions',
    from: 'public.institutions x',
    columns: {
      institution_id: 'x.id',
      name: 'x.name',
      short_name: 'x.short_name',
      abbreviation: 'x.abbreviation',
      mascot: 'x.mascot',
      city: 'x.city',
      state: 'x.state',
      timezone: "coalesce(x.timezone, 'America/Chicago')",
      latitude: 'x.latitude',
      longitude: 'x.longitude',
      conference_id: 'x.conference_id',
      created_at: 'coalesce(x.created_at, now())',
    },
  },
  {
    target: 'shared_data.teams',
    key: 'team_id',
    source: 'teams',
    from: 'public.teams x',
    columns: {
      team_id: 'x.id',
      institution_id: 'x.institution_id',
      sport_id: 'x.sport_id',
      conference_id: 'x.conference_id',
      name: 'x.name',
      abbreviation: 'x.abbreviation',
      is_active: 'coalesce(x.is_active, true)',
      created_at: 'coalesce(x.created_at, now())',
    },
  },
  {
    target: 'shared_data.venues',
    key: 'venue_id',
    source: 'venues',
    from: 'public.venues x LEFT JOIN public.institutions i ON i.id = x.institution_id',
    columns: {
      venue_id: 'x.id',
      institution_id: 'x.institution_id',
      conference_id: 'i.conference_id',
      name: 'x.name',
      created_at: 'coalesce(x.created_at, now())',
    },
  },
  {
    target: 'team_availability.team_scheduling_profiles',
    key: 'profile_id',
    source: 'team_profiles',
    from: 'public.team_profiles x JOIN public.teams tm ON tm.id = x.team_id',
    columns: {
      profile_id: 'x.id',
      team_id: 'x.team_id',
      season_id: 'x.season_id',
      sport_id: 'tm.sport_id',
      conference_id: 'tm.conference_id',
      preferred_game_times: "coalesce(x.preferred_game_times, '{}')",
      max_games_per_week: 'coalesce(x.max_games_per_week, 3)',
      min_rest_days: 'coalesce(x.min_rest_days, 1)',
      notes: 'x.notes',
      created_at: 'coalesce(x.created_at, now())',
      updated_at: 'coalesce(x.created_at, now())',
    },
    alsoWhen: TEAM_ALSO,
    unverified: ['updated_at'],
    reverse: {
      id: 't.profile_id',
      team_id: 't.team_id',
      season_id: 't.season_id',
      preferred_game_times: 't.preferred_game_times',
      max_games_per_week: 't.max_games_per_week',
      min_rest_days: 't.min_rest_days',
      notes: 't.notes',
      created_at: 't.created_at',
    },
  },
  {
    target: 'team_availability.team_blackout_dates',
    key: 'blackout_id',
    source: 'team_blackouts',
    from: 'public.team_blackouts x JOIN public.teams tm ON tm.id = x.team_id',
    columns: {
      blackout_id: 'x.id',
      team_id: 'x.team_id',
      season_id: 'x.season_id',
      conference_id: 'tm.conference_id',
      start_date: 'x.start_date',
      end_date: 'coalesce(x.end_date, x.start_date)',
      blackout_type: "coalesce(x.blackout_type, 'other')",
      severity: "coalesce(x.severity, 'hard')",
      reason: 'x.reason',
      created_at: 'coalesce(x.created_at, now())',
    },
    alsoWhen: TEAM_ALSO,
    reverse: {
      id: 't.blackout_id',
      team_id: 't.team_id',
      season_id: 't.season_id',
      start_date: 't.start_date',
      end_date: 't.end_date',
      blackout_type: 't.blackout_type',
      severity: 't.severity',
      reason: 't.reason',
      created_at: 't.created_at',
    },
  },
  {
    target: 'team_availability.team_availability_preferences',
    key: 'preference_id',
    source: 'team_preferences',
    from: 'public.team_preferences x JOIN public.teams tm ON tm.id = x.team_id',
    columns: {
      preference_id: 'x.id',
      team_id: 'x.team_id',
      season_id: 'x.season_id',
      conference_id: 'tm.conference_id',
      preference_type: 'x.preference_type',
      preference_value: "coalesce(x.preference_value, '{}')",
      weight: 'coalesce(x.weight, 1)',
      created_at: 'coalesce(x.created_at, now())',
    },
    alsoWhen: TEAM_ALSO,
    reverse: {
      id: 't.preference_id',
      team_id: 't.team_id',
      season_id: 't.season_id',
      preference_type: 't.preference_type',
      preference_value: 't.preference_value',
      weight: 't.weight',
      created_at: 't.created_at',
    },
  },
  {
    target: 'team_availability.team_travel_constraints',
    key: 'constraint_id',
    source: 'team_travel',
    from: 'public.team_travel x JOIN public.teams tm ON tm.id = x.team_id',
    columns: {
      constraint_id: 'x.id',
      team_id: 'x.team_id',
      season_id: 'x.season_id',
      conference_id: 'tm.conference_id',
      max_travel_distance_miles: 'x.max_travel_distance_miles',
      max_consecutive_road_games: 'coalesce(x.max_consecutive_road_games, 2)',
      travel_mode: "coalesce(x.travel_mode, 'charter')",
      created_at: 'coalesce(x.created_at, now())',
    },
    alsoWhen: TEAM_ALSO,
    reverse: {
      id: 't.constraint_id',
      team_id: 't.team_id',
      season_id: 't.season_id',
      max_travel_distance_miles: 't.max_travel_distance_miles',
      max_consecutive_road_games: 't.max_consecutive_road_games',
      travel_mode: 't.travel_mode',
      created_at: 't.created_at',
    },
  },
  {
    target: 'venue_management.venue_profiles',
    key: 'profile_id',
    source: 'venues',
    from: 'public.venues x LEFT JOIN public.institutions i ON i.id = x.institution_id',
    columns: {
      profile_id: 'x.id',
      venue_id: 'x.id',
      conference_id: 'i.conference_id',
      venue_type: "coalesce(x.venue_type, 'arena')",
      capacity: 'x.capacity',
      surface: 'x.surface',
      is_indoor: 'coalesce(x.is_indoor, true)',
      address: 'x.address',
      city: 'coalesce(x.city, i.city)',
      state: 'coalesce(x.state, i.state)',
      timezone: "CASE WHEN i.id IS NOT NULL THEN coalesce(i.timezone, 'America/Chicago') END",
      latitude: 'coalesce(x.latitude, i.latitude)',
      longitude: 'coalesce(x.longitude, i.longitude)',
      amenities: "coalesce(x.amenities, '{}')",
      is_active: 'coalesce(x.is_active, true)',
      created_at: 'coalesce(x.created_at, now())',
      updated_at: 'coalesce(x.created_at, now())',
    },
    optionalColumns: { venue_name: 'x.name' },
    unverified: ['updated_at'],
  },
  {
    target: 'venue_management.venue_operational_hours',
    key: 'hours_id',
    source: 'venue_hours',
    from:
      'public.venue_hours x JOIN public.venues vn ON vn.id = x.venue_id ' +
      'LEFT JOIN public.institutions i ON i.id = vn.institution_id',
    columns: {
      hours_id: 'x.id',
      venue_id: 'x.venue_id',
      conference_id: 'i.conference_id',
      day_of_week: 'x.day_of_week',
      open_time: 'x.open_time',
      close_time: 'x.close_time',
      allows_games: 'coalesce(x.allows_games, true)',
      created_at: 'coalesce(x.created_at, now())',
    },
    reverse: {
      id: 't.hours_id',
      venue_id: 't.venue_id',
      day_of_week: 't.day_of_week',
      open_time: 't.open_time',
      close_time: 't.close_time',
      allows_games: 't.allows_games',
      created_at: 't.created_at',
    },
  },
  {
    target: 'venue_management.venue_unavailability_periods',
    key: 'period_id',
    source: 'venue_unavailability',
    from:
      'public.venue_unavailability x JOIN public.venues vn ON vn.id = x.venue_id ' +
      'LEFT JOIN public.institutions i ON i.id = vn.institution_id',
    columns: {
      period_id: 'x.id',
      venue_id: 'x.venue_id',
      conference_id: 'i.conference_id',
      start_date: 'x.start_date',
      end_date: 'coalesce(x.end_date, x.start_date)',
      unavailability_type: "coalesce(x.unavailability_type, 'other')",
      reason: 'x.reason',
      created_at: 'coalesce(x.created_at, now())',
    },
    reverse: {
      id: 't.period_id',
      venue_id: 't.venue_id',
      start_date: 't.start_date',
      end_date: 't.end_date',
      unavailability_type: 't.unavailability_type',
      reason: 't.reason',
      created_at: 't.created_at',
    },
  },
  {
    target: 'constraint_validation.constraint_templates',
    key: 'template_id',
    source: 'constraints',
    from:
      'public.constraints x CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(x.logic) = ' +
      "'object' THEN x.logic ELSE '{}'::jsonb END AS logic) l " +
      'LEFT JOIN constraint_validation.constraint_categories cat ON cat.category_name = lower(x.category)',
    columns: {
      template_id: 'x.id',
      category_id:
        'coalesce(cat.category_id, (SELECT c2.category_id FROM constraint_validation.constraint_categories c2 ' +
        "WHERE c2.category_name = 'scheduling'))",
      template_name: 'x.name',
      description: 'x.description',
      constraint_type: "coalesce(x.constraint_type, 'hard')",
      default_weight: 'coalesce(x.weight, 1)',
      validation_logic:
        "CASE WHEN jsonb_typeof(l.logic -> 'params') = 'object' " +
        "THEN l.logic || jsonb_build_object('type', coalesce(l.logic ->> 'type', x.rule_type, 'custom')) " +
        "ELSE jsonb_build_object('type', coalesce(l.logic ->> 'type', x.rule_type, 'custom'), " +
        "'params', l.logic - ARRAY['type', 'scope', 'source']) " +
        "|| jsonb_strip_nulls(jsonb_build_object('scope', l.logic -> 'scope', 'source', l.logic -> 'source')) END",
      parameter_schema: `coalesce(x.parameters, '{"type": "object"}'::jsonb)`,
      sport_id: 'x.sport_id',
      conference_id: 'x.conference_id',
      is_active: 'coalesce(x.is_active, true)',
      created_at: 'coalesce(x.created_at, now())',
      updated_at: 'coalesce(x.created_at, now())',
    },
    unverified: ['updated_at'],
  },
  {
    target: 'schedule_generation.schedules',
    key: 'schedule_id',
    source: 'schedules',
    from: 'public.schedules x',
    columns: {
      schedule_id: 'x.id',
      name: 'x.name',
      sport_id: 'x.sport_id',
      season_id: 'x.season_id',
      conference_id: 'x.conference_id',
      status: "coalesce(x.status, 'draft')",
      start_date: 'x.start_date',
      end_date: 'x.end_date',
      description: 'x.description',
      current_version_id: 'x.id',
      created_by: 'x.created_by',
      created_at: 'coalesce(x.created_at, now())',
      updated_at: 'coalesce(x.updated_at, x.created_at, now())',
    },
    // a schedule created through the services has no imported version (current_version_id NULL)
    unverified: ['current_version_id'],
    reverse: {
      id: 't.schedule_id',
      name: 't.name',
      sport_id: 't.sport_id',
      season_id: 't.season_id',
      conference_id: 't.conference_id',
      status: 't.status',
      start_date: 't.start_date',
      end_date: 't.end_date',
      description: 't.description',
      created_by: 't.created_by',
      created_at: 't.created_at',
      updated_at: 't.updated_at',
    },
  },
  {
    target: 'schedule_generation.schedule_versions',
    key: 'version_id',
    source: 'schedules',
    from: 'public.schedules x',
    columns: {
      version_id: 'x.id',
      schedule_id: 'x.id',
      version_number: '1',
      conference_id: 'x.conference_id',
      source: "'imported'",
      is_current: 'true',
      notes: "'Imported from the FlexTime monolith'",
      created_at: 'coalesce(x.created_at, now())',
    },
    // the imported version a legacy game points at must exist before the game
    alsoWhen: [
      {
        source: 'games',
        predicate: 'v.schedule_id IN (SELECT g.schedule_id FROM public.games g WHERE g.id = ANY({ids}))',
      },
    ],
    onConflict: 'nothing',
    derived: true,
  },
  {
    target: 'schedule_generation.games',
    key: 'game_id',
    source: 'games',
    from: 'public.games x JOIN public.schedules s ON s.id = x.schedule_id',
    columns: {
      game_id: 'x.id',
      schedule_id: 'x.schedule_id',
      version_id: 'x.schedule_id',
      conference_id: 's.conference_id',
      home_team_id: 'x.home_team_id',
      away_team_id: 'x.away_team_id',
      venue_id: 'x.venue_id',
      game_date: 'x.game_date',
      start_time: 'x.start_time',
      slot: 'x.round',
      game_type: "coalesce(x.game_type, 'conference')",
      status: "coalesce(x.status, 'scheduled')",
      is_neutral_site: 'coalesce(x.neutral_site, false)',
      broadcast_network: 'x.tv_network',
      notes: 'x.notes',
      created_at: 'coalesce(x.created_at, now())',
      updated_at: 'coalesce(x.created_at, now())',
    },
    alsoWhen: [{ source: 'schedules', predicate: 'v.schedule_id = ANY({ids})' }],
    unverified: ['version_id', 'updated_at'],
    // games of versions the services generated are theirs; the monolith holds the imported (or unversioned) ones
    scope: 't.version_id IS NULL OR t.version_id = t.schedule_id',
    reverse: {
      id: 't.game_id',
      schedule_id: 't.schedule_id',
      home_team_id: 't.home_team_id',
      away_team_id: 't.away_team_id',
      venue_id: 't.venue_id',
      game_date: 't.game_date',
      start_time: 't.start_time',
      round: 't.slot',
      game_type: 't.game_type',
      status: 't.status',
      neutral_site: 't.is_neutral_site',
      tv_network: 't.broadcast_network',
      notes: 't.notes',
      created_at: 't.created_at',
    },
  },
];

/** The legacy tables the capture triggers watch (every source of a mapping), parents first. */
export const CAPTURED_SOURCES = [...new Set(LIVE_MAPPINGS.map((m) => m.source))];

/** The service tables whose writes reverse capture carries back, parents first. */
export const REVERSED_MAPPINGS = LIVE_MAPPINGS.filter((m) => m.reverse);

/** `schema.table` → `schema__table`, the suffix of a mapping's views. */
export const viewSuffix = (target: string) => target.replace('.', '__');
export const mapView = (m: LiveMapping) => `flextime_live.map_${viewSuffix(m.target)}`;
export const unmapView = (m: LiveMapping) => `flextime_live.unmap_${viewSuffix(m.target)}`;
