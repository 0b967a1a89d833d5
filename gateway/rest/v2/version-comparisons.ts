// v2 schedule-generation compare: two versions of a schedule side by side (travel, violations, balance).
import type { SideFragment } from '../generated/v2-operations.ts';
import { intId, refId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { body, id, int, obj } from '../schemas.ts';

const SG = '/api/v2/schedule-generation';

export const versionComparisonRoutes: RouteSpec[] = [
  {
    method: 'POST',
    url: `${SG}/compare`,
    operations: ['v2/CompareVersions'],
    tags: ['schedule-generation'],
    summary: 'Compare two schedule versions: travel, violations by severity, home/away balance',
    description: 'Stores the comparison (schedule_comparison_results) and answers its metrics and the better version.',
    write: true,
    body: body({ version_a_id: id('First version'), version_b_id: id('Second version'), schedule_id: id('Schedule') }, [
      'version_a_id',
      'version_b_id',
    ]),
    responses: { 200: obj({ comparison_id: int('Comparison id') }) },
    async handler(ctx) {
      const data = await ctx.run('v2/CompareVersions', {
        versionAId: String(ctx.body.version_a_id),
        versionBId: String(ctx.body.version_b_id),
      });
      const c = data.compareScheduleVersions;
      const side = (m: SideFragment) => ({
        version_id: refId(m.version),
        games: m.games,
        travel_miles: m.travelMiles,
        hard_violations: m.hardViolations,
        soft_violations: m.softViolations,
        soft_penalty: m.softPenalty,
        overall_status: m.overallStatus,
        max_home_away_imbalance: m.maxHomeAwayImbalance,
        home_away_balance: m.homeAwayBalance.map((b) => ({
          team_id: refId(b.team),
          home: b.home,
          away: b.away,
        })),
      });
      return {
        body: {
          comparison_id: intId(c.id),
          schedule_id: refId(c.schedule),
          winner_version_id: refId(c.winner),
          summary: c.summary,
          version_a: side(c.a),
          version_b: side(c.b),
        },
      };
    },
  },
];
