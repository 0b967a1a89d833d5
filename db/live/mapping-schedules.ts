// Live mapping of constraints, schedules, versions and games (as 004 and 005 copy them), with their reverse.
import type { LiveMapping } from './mapping-shape.ts';

export const SCHEDULE_CONSTRAINT_MAPPINGS: LiveMapping[] = [
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
    // a schedule created through the services has no imported version (current_version_id NULL); once a generation
    // or an optimisation made another version current, the services' choice stands (the monolith has no versions)
    unverified: ['current_version_id'],
    insertOnly: ['current_version_id'],
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
    // the monolith holds each schedule's current games: a legacy game belongs to the current version of its schedule
    // (the imported one until a generation or optimisation through the services made another current)
    from:
      'public.games x JOIN public.schedules s ON s.id = x.schedule_id ' +
      'LEFT JOIN schedule_generation.schedules sv ON sv.schedule_id = x.schedule_id',
    columns: {
      game_id: 'x.id',
      schedule_id: 'x.schedule_id',
      version_id: 'CASE WHEN sv.schedule_id IS NULL THEN x.schedule_id ELSE sv.current_version_id END',
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
    // the monolith holds the current games of each schedule (as the services read them: repository.ts currentGames);
    // the games of other versions — earlier ones, or generated and not current — are the services' own
    scope:
      'EXISTS (SELECT 1 FROM schedule_generation.schedules cs WHERE cs.schedule_id = t.schedule_id ' +
      'AND (cs.current_version_id IS NULL OR t.version_id = cs.current_version_id))',
    // a generation or optimisation makes another version current: the monolith's games of that schedule follow
    reverseAlsoWhen: [
      {
        target: 'schedule_generation.schedules',
        where: 't.schedule_id = ANY({ids})',
        predicate: 'v.schedule_id = ANY({ids})',
      },
    ],
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
