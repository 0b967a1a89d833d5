// v2 team-availability blackouts: dates a team cannot (or would rather not) play (list, create).
import type { BlackoutFieldsFragment } from '../generated/v2-operations.ts';
import { assertRange, envelope, gqlId, intId, refId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { body, date, id, int, list, nullable, obj, pageQuery, str } from '../schemas.ts';
import { filters, pageVars, TA } from './team-lists.ts';

const SEVERITIES = ['hard', 'soft', 'preference'];

export const blackoutSchema = obj(
  {
    blackout_id: int('Blackout id'),
    team_id: int('Team id'),
    team_name: str('Team name'),
    season_id: nullable(int('Season id')),
    start_date: date('First day'),
    end_date: date('Last day'),
    blackout_type: str('final_exams, graduation, holiday, facility, religious, other'),
    severity: str('hard | soft | preference', { enum: SEVERITIES }),
    reason: nullable(str('Why')),
    is_active: { type: 'boolean' },
    created_at: str('Created (ISO 8601)', { format: 'date-time' }),
  },
  ['blackout_id', 'team_id', 'start_date', 'end_date', 'blackout_type', 'severity', 'is_active'],
);

export function mapBlackout(b: BlackoutFieldsFragment) {
  return {
    blackout_id: intId(b.id),
    team_id: refId(b.team),
    team_name: b.team.name,
    season_id: refId(b.season),
    start_date: b.startDate,
    end_date: b.endDate,
    blackout_type: b.blackoutType,
    severity: b.severity.toLowerCase(),
    reason: b.reason ?? null,
    is_active: b.isActive,
    created_at: b.createdAt,
  };
}

export const blackoutRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${TA}/blackouts`,
    operations: ['v2/ListBlackouts'],
    tags: ['team-availability'],
    summary: 'Active team blackout dates',
    querystring: obj({
      ...pageQuery,
      team_id: id('Only this team'),
      ...filters,
      from: date('Only blackouts overlapping [from, to]'),
      to: date('Only blackouts overlapping [from, to]'),
      severity: str('Only this severity', { enum: SEVERITIES }),
    }),
    responses: { 200: list(blackoutSchema) },
    async handler(ctx) {
      const q = ctx.query;
      assertRange(q.from, q.to, 'from', 'to');
      const data = await ctx.run('v2/ListBlackouts', {
        ...pageVars(ctx),
        teamId: gqlId(q.team_id),
        from: q.from,
        to: q.to,
        severity: typeof q.severity === 'string' ? q.severity.toUpperCase() : undefined,
      });
      return { body: envelope(data.blackouts, mapBlackout) };
    },
  },
  {
    method: 'POST',
    url: `${TA}/blackouts`,
    operations: ['v2/CreateBlackout'],
    tags: ['team-availability'],
    summary: 'Add a blackout period for a team',
    write: true,
    body: body(
      {
        team_id: id('Team'),
        season_id: id('Season'),
        start_date: date('First day'),
        end_date: date('Last day (≥ start_date)'),
        blackout_type: str('final_exams, graduation, holiday, facility, religious, other', {
          minLength: 1,
          maxLength: 30,
        }),
        severity: str('hard (default) | soft | preference', { enum: SEVERITIES }),
        reason: str('Why', { maxLength: 2000 }),
      },
      ['team_id', 'start_date', 'end_date'],
    ),
    responses: { 201: blackoutSchema },
    async handler(ctx) {
      const b = ctx.body;
      assertRange(b.start_date, b.end_date, 'start_date', 'end_date');
      const data = await ctx.run('v2/CreateBlackout', {
        input: {
          teamId: String(b.team_id),
          seasonId: gqlId(b.season_id),
          startDate: b.start_date,
          endDate: b.end_date,
          blackoutType: b.blackout_type,
          severity: typeof b.severity === 'string' ? b.severity.toUpperCase() : undefined,
          reason: b.reason,
        },
      });
      return { status: 201, body: mapBlackout(data.createBlackout) };
    },
  },
];
