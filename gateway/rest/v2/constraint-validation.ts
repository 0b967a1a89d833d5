// v2 constraint-validation routes: categories, templates, validate.
import { assertTenant } from '../auth.ts';
import { badRequest } from '../errors.ts';
import type { ListTemplatesQuery } from '../generated/v2-operations.ts';
import { envelope, gqlId, intId, isObj, refId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { arr, body, date, id, int, list, nullable, num, obj, pageQuery, str } from '../schemas.ts';

const CV = '/api/v2/constraint-validation';

export const categorySchema = obj(
  {
    category_id: int('Category id'),
    name: str('scheduling, venue, travel, competitive, broadcast, academic'),
    description: nullable(str('What the category covers')),
    priority: int('Higher first (scheduling 100 … academic 50)'),
    template_count: int('Templates in the category'),
  },
  ['category_id', 'name', 'priority', 'template_count'],
);

export const templateSchema = obj(
  {
    template_id: int('Template id'),
    template_name: str('Name'),
    description: nullable(str('What it checks')),
    category_id: int('Category id'),
    category_name: str('Category name'),
    constraint_type: str('hard | soft', { enum: ['hard', 'soft'] }),
    default_weight: num('Penalty weight of a violation'),
    validation_logic: { type: 'object', additionalProperties: true, description: '{ type: <engine evaluator>, … }' },
    parameter_schema: { type: 'object', additionalProperties: true, description: 'JSON Schema of its parameters' },
    sport_id: nullable(int('Only for this sport (null: every sport)')),
    conference_id: nullable(int('Only for this conference (null: shared)')),
    version: int('Template version'),
    is_active: { type: 'boolean' },
    created_at: str('Created (ISO 8601)', { format: 'date-time' }),
    updated_at: str('Updated (ISO 8601)', { format: 'date-time' }),
  },
  [
    'template_id',
    'template_name',
    'category_id',
    'constraint_type',
    'validation_logic',
    'parameter_schema',
    'is_active',
  ],
);

type Template = ListTemplatesQuery['constraintTemplates']['nodes'][number];

export function mapTemplate(t: Template) {
  const { category } = t;
  return {
    template_id: intId(t.id),
    template_name: t.name,
    description: t.description ?? null,
    category_id: intId(category.id),
    category_name: category.name,
    constraint_type: t.type.toLowerCase(),
    default_weight: t.defaultWeight,
    validation_logic: t.validationLogic,
    parameter_schema: t.parameterSchema,
    sport_id: refId(t.sport),
    conference_id: refId(t.conference),
    version: t.version,
    is_active: t.isActive,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}

const validateBody = body(
  {
    schedule_id: id('Schedule to validate (its current version)'),
    profile_id: id('Constraint profile (default: the schedule’s sport/conference default)'),
    sport_id: id('Sport of inline games (default: the profile’s)'),
    season_id: id('Season of inline games'),
    games: arr(
      obj(
        {
          home_team_id: id('Home team'),
          away_team_id: id('Away team'),
          venue_id: id('Venue'),
          game_date: date('Day'),
          slot: int('Round / slot', { minimum: 1 }),
        },
        ['home_team_id', 'away_team_id', 'game_date'],
        { additionalProperties: false },
      ),
      'Inline games instead of a stored schedule',
    ),
  },
  [],
);

export const constraintRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${CV}/categories`,
    operations: ['v2/ListCategories'],
    tags: ['constraint-validation'],
    summary: 'Constraint categories, highest priority first',
    querystring: obj({ ...pageQuery }),
    responses: { 200: list(categorySchema) },
    async handler(ctx) {
      const data = await ctx.run('v2/ListCategories', {
        page: ctx.query.page,
        limit: ctx.query.limit,
      });
      return {
        body: envelope(data.constraintCategories, (c) => ({
          category_id: intId(c.id),
          name: c.name,
          description: c.description ?? null,
          priority: c.priority,
          template_count: Array.isArray(c.templates) ? c.templates.length : 0,
        })),
      };
    },
  },
  {
    method: 'GET',
    url: `${CV}/templates`,
    operations: ['v2/ListTemplates'],
    tags: ['constraint-validation'],
    summary: 'Constraint templates (validation logic + parameter JSON Schema)',
    querystring: obj({
      ...pageQuery,
      category_id: id('Only this category'),
      constraint_type: str('hard | soft', { enum: ['hard', 'soft'] }),
      sport_id: id('This sport (templates for every sport included)'),
      conference_id: id('This conference (shared templates included; must be the credential’s own)'),
      active_only: { type: 'boolean', default: true, description: 'Only active templates' },
    }),
    responses: { 200: list(templateSchema) },
    async handler(ctx) {
      const q = ctx.query;
      assertTenant(ctx.principal, q.conference_id);
      const data = await ctx.run('v2/ListTemplates', {
        page: q.page,
        limit: q.limit,
        categoryId: gqlId(q.category_id),
        type: typeof q.constraint_type === 'string' ? q.constraint_type.toUpperCase() : undefined,
        sportId: gqlId(q.sport_id),
        conferenceId: gqlId(q.conference_id),
        activeOnly: q.active_only,
      });
      return { body: envelope(data.constraintTemplates, mapTemplate) };
    },
  },
  {
    method: 'POST',
    url: `${CV}/validate`,
    operations: ['v2/ValidateSchedule'],
    tags: ['constraint-validation'],
    summary: 'Validate a schedule (or inline games) against a constraint profile',
    description:
      'Evaluates a stored schedule (its current version) or inline games with the engine evaluators configured from the stored templates of the profile (default: the sport’s default profile). A stored schedule’s evaluation is stored (Schedule.evaluation / Schedule.violations).',
    write: true,
    body: validateBody,
    responses: {
      200: obj({ overall_status: str('passed | failed | warning'), total_violations: int('Violations') }, [
        'overall_status',
        'total_violations',
      ]),
    },
    async handler(ctx) {
      const b = ctx.body;
      if (b.schedule_id === undefined && b.games === undefined) {
        throw badRequest("Give either 'schedule_id' or 'games'", { field: 'schedule_id' });
      }
      const data = await ctx.run('v2/ValidateSchedule', {
        input: {
          scheduleId: gqlId(b.schedule_id),
          profileId: gqlId(b.profile_id),
          sportId: gqlId(b.sport_id),
          seasonId: gqlId(b.season_id),
          games: Array.isArray(b.games)
            ? b.games.filter(isObj).map((g) => ({
                homeTeamId: String(g.home_team_id),
                awayTeamId: String(g.away_team_id),
                venueId: gqlId(g.venue_id),
                date: g.game_date,
                slot: g.slot,
              }))
            : undefined,
        },
      });
      const r = data.validateSchedule;
      const { profile } = r;
      return {
        body: {
          overall_status: r.overallStatus,
          total_violations: r.totalViolations,
          hard_violations: r.hardViolations,
          soft_violations: r.softViolations,
          soft_penalty: r.softPenalty,
          feasible: r.feasible,
          schedule_id: refId(r.schedule),
          version_id: intId(r.versionId),
          profile_id: profile ? intId(profile.id) : null,
          profile_name: profile ? profile.name : null,
          results: r.results.map((c) => ({
            template_id: refId(c.template),
            name: c.name,
            type: c.type,
            severity: c.severity.toLowerCase(),
            status: c.status,
            penalty: c.penalty,
            weight: c.weight,
            weighted_penalty: c.weightedPenalty,
            violation_count: c.violationCount,
            violations: c.violations.map((v) => ({
              message: v.message,
              team_ids: v.teams.map((t) => intId(t.id)),
              games: v.games.map((g) => ({
                game_id: refId(g.game),
                game_date: g.date,
                home_team_id: refId(g.home),
                away_team_id: refId(g.away),
              })),
            })),
          })),
          recommendations: r.recommendations,
          evaluated_at: r.evaluatedAt,
          stored: r.stored,
        },
      };
    },
  },
];
