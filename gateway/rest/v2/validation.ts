// v2 constraint-validation validate: judge a stored schedule or a set of games against a constraint profile.
import { badRequest } from '../errors.ts';
import { gqlId, intId, isObj, refId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { arr, body, date, id, int, obj, str } from '../schemas.ts';

const CV = '/api/v2/constraint-validation';

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

export const validationRoutes: RouteSpec[] = [
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
