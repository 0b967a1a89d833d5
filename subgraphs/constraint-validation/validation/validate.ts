// validate: a stored schedule (read through the gateway) or inline games, judged by the engine's evaluators
// configured from the stored templates and policies of a constraint profile, with blackouts and venue
// unavailability read fresh through the gateway. Optionally stores the run (evaluations + violation logs).
import { GraphQLError } from 'graphql';
import type { ServiceTx } from '../../../db/index.ts';
import { type Game as EngineGame, evaluateSchedule, type Slot } from '../../../scheduling/index.ts';
import { buildConstraints, describeUnknown, engineTeams } from '../../kit/engine-constraints.ts';
import { badUserInput } from '../../kit/errors.ts';
import {
  type GatewayCallOptions,
  GatewayError,
  gatewayRequest,
  loadAvailability,
  loadTeams,
  type RefTeam,
  upstreamError,
} from '../../kit/gateway-client.ts';
import { loadProfileBundle, type StoredResult, storeEvaluation } from './store.ts';

export interface InlineGame {
  id?: number | null;
  homeTeamId: number;
  awayTeamId: number;
  venueId?: number | null;
  date: string;
  slot?: number | null;
}

export interface ValidateInput {
  scheduleId?: number;
  versionId?: number;
  games?: InlineGame[];
  profileId?: number;
  sportId?: number;
  seasonId?: number;
  conferenceId?: number;
  /** Store the run (default: true for a stored schedule, false for inline games). */
  store?: boolean;
}

export interface ViolationGame {
  gameId: number | null;
  date: string;
  homeTeamId: number;
  awayTeamId: number;
}

export interface ViolationDetail {
  message: string;
  games: ViolationGame[];
  teamIds: number[];
}

export interface CheckResult {
  templateId: number;
  name: string;
  type: string;
  severity: 'hard' | 'soft';
  status: 'passed' | 'failed';
  penalty: number;
  weight: number;
  weightedPenalty: number;
  violations: ViolationDetail[];
}

export interface ValidationReport {
  overallStatus: 'passed' | 'failed' | 'warning';
  totalViolations: number;
  hardViolations: number;
  softViolations: number;
  softPenalty: number;
  feasible: boolean;
  scheduleId: number | null;
  versionId: number | null;
  profileId: number;
  profileName: string;
  results: CheckResult[];
  skipped: Array<{ templateId: number; name: string; reason: string }>;
  recommendations: string[];
  evaluatedAt: string;
  stored: boolean;
  evaluationIds: number[];
}

export interface ValidateDeps {
  run: <T>(fn: (tx: ServiceTx) => Promise<T>) => Promise<T>;
  tenant: number | null;
  gateway?: GatewayCallOptions;
}

const SCHEDULE_QUERY = `query FlextimeValidationSchedule($id: ID!, $versionId: ID) {
  schedule(id: $id) {
    id
    sport { id }
    season { id }
    conference { id }
    currentVersion { id }
    games(versionId: $versionId) { id date slot home { id } away { id } venue { id } }
  }
}`;

type ScheduleData = {
  schedule: {
    id: string;
    sport: { id: string };
    season: { id: string };
    conference: { id: string } | null;
    currentVersion: { id: string } | null;
    games: Array<{
      id: string;
      date: string;
      slot: number | null;
      home: { id: string };
      away: { id: string };
      venue: { id: string } | null;
    }>;
  } | null;
};

const RECOMMEND: Record<string, string> = {
  max_consecutive_away:
    'Swap the home/away roles of a game inside each long road stretch (or move a home game into it).',
  max_consecutive_road:
    'Swap the home/away roles of a game inside each long road stretch (or move a home game into it).',
  max_consecutive_home: 'Break long home stands by swapping a home game with a road game of the same opponent.',
  rematch_separation: 'Move one meeting of each rematch pair further apart (more games and days between them).',
  no_repeaters: 'Do not schedule the same pair in consecutive rounds.',
  blackout_dates: 'Move the games off the teams’ blackout dates (or swap them with games of unaffected teams).',
  venue_unavailability: 'Move the home games off the dates their venue is unavailable, or swap home and away.',
  rest_days: 'Space the listed games out: move one of each pair to a later date.',
  allowed_days_of_week: 'Move the games to an allowed day of the week.',
  home_away_balance_window: 'Rebalance the opening/closing games: swap home and away in the listed window.',
  games_per_week: 'Move a game of each overloaded week to a lighter week.',
  saturday_pairing: 'Pair each Saturday game with a Monday or Tuesday game and avoid Saturday–Monday–Wednesday.',
  travel_distance: 'Group road games geographically into trips to cut travel.',
  CA1: 'Rebalance home and away games of the listed teams.',
};

function recommendations(results: CheckResult[]): string[] {
  const out: string[] = [];
  for (const r of results) {
    if (r.status !== 'failed') continue;
    const hint = RECOMMEND[r.type] ?? 'Adjust the games listed in its violations.';
    const count = r.violations.length;
    out.push(
      `${r.severity === 'hard' ? 'Fix' : 'Consider'} "${r.name}" (${count} violation${count === 1 ? '' : 's'}): ${hint}`,
    );
  }
  if (out.length === 0) out.push('No changes needed: every constraint of the profile is satisfied.');
  return out;
}

/** Validates a schedule; throws BAD_USER_INPUT for a bad request, UPSTREAM_UNAVAILABLE when the gateway fails. */
export async function validate(input: ValidateInput, deps: ValidateDeps): Promise<ValidationReport> {
  const gw: GatewayCallOptions = { ...deps.gateway, tenant: deps.gateway?.tenant ?? deps.tenant };
  let games: InlineGame[];
  let sportId = input.sportId;
  let seasonId = input.seasonId;
  let conferenceId = input.conferenceId ?? deps.tenant ?? undefined;
  let versionId: number | null = input.versionId ?? null;
  const scheduleId = input.scheduleId ?? null;

  if (scheduleId !== null) {
    let data: ScheduleData;
    try {
      data = await gatewayRequest<ScheduleData>(
        SCHEDULE_QUERY,
        { id: String(scheduleId), versionId: versionId === null ? null : String(versionId) },
        gw,
      );
    } catch (error) {
      throw upstreamError(error);
    }
    const s = data.schedule;
    if (!s) throw badUserInput('input.scheduleId', `no schedule with id ${scheduleId}`);
    sportId ??= Number(s.sport.id);
    seasonId ??= Number(s.season.id);
    conferenceId = input.conferenceId ?? (s.conference ? Number(s.conference.id) : conferenceId);
    versionId ??= s.currentVersion ? Number(s.currentVersion.id) : null;
    games = s.games.map((g) => ({
      id: Number(g.id),
      homeTeamId: Number(g.home.id),
      awayTeamId: Number(g.away.id),
      venueId: g.venue ? Number(g.venue.id) : null,
      date: g.date,
      slot: g.slot,
    }));
  } else if (input.games) {
    games = input.games;
  } else {
    throw badUserInput('input', 'give either scheduleId or games');
  }

  const bundle = await loadProfileBundle(
    deps.run,
    { profileId: input.profileId, sportId, seasonId, conferenceId },
    deps.tenant,
  );
  if (!bundle) {
    if (input.profileId !== undefined)
      throw badUserInput('input.profileId', `no constraint profile with id ${input.profileId}`);
    if (sportId === undefined) throw badUserInput('input.sportId', 'is required with inline games (or give profileId)');
    throw badUserInput(
      'input.sportId',
      `no constraint profile for sport ${sportId}${seasonId ? ` and season ${seasonId}` : ''}`,
    );
  }
  sportId ??= bundle.profile.sportId ?? undefined;
  seasonId ??= bundle.profile.seasonId ?? undefined;
  conferenceId ??= bundle.profile.conferenceId ?? undefined;
  if (sportId === undefined) throw badUserInput('input.sportId', 'is required: the profile names no sport');

  for (const [i, g] of games.entries()) {
    if (g.homeTeamId === g.awayTeamId) throw badUserInput(`input.games[${i}]`, 'a team cannot play itself');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(g.date)) throw badUserInput(`input.games[${i}].date`, 'must be YYYY-MM-DD');
  }
  const dates = [...new Set(games.map((g) => g.date))].sort();

  let allTeams: RefTeam[];
  let availability: Awaited<ReturnType<typeof loadAvailability>>;
  try {
    [allTeams, availability] = await Promise.all([
      loadTeams({ sportId, conferenceId }, gw),
      dates.length
        ? loadAvailability({ sportId, seasonId, conferenceId, from: dates[0], to: dates[dates.length - 1] }, gw)
        : Promise.resolve({ blackouts: [], unavailability: [], bookingConflicts: [] }),
    ]);
  } catch (error) {
    if (error instanceof GatewayError) throw upstreamError(error);
    throw error;
  }
  const byId = new Map(allTeams.map((t) => [t.id, t]));
  const playing = [...new Set(games.flatMap((g) => [g.homeTeamId, g.awayTeamId]))].sort((a, b) => a - b);
  for (const id of playing) {
    if (!byId.has(id))
      throw badUserInput(
        'input.games',
        `team ${id} is not a team of sport ${sportId}${conferenceId ? ` in conference ${conferenceId}` : ''}`,
      );
  }
  const teams = playing.map((id) => byId.get(id) as RefTeam);
  const index = new Map(teams.map((t, i) => [t.id, i]));
  const slotOf = new Map(dates.map((d, i) => [d, i]));
  const slots: Slot[] = dates.map((date, i) => ({ index: i, date }));
  const engineGames: EngineGame[] = games.map((g) => ({
    home: index.get(g.homeTeamId) as number,
    away: index.get(g.awayTeamId) as number,
    slot: slotOf.get(g.date) as number,
  }));
  const gameAt = new Map(
    games.map((g, i) => [`${engineGames[i].home}:${engineGames[i].away}:${engineGames[i].slot}`, g]),
  );
  const seen = new Map<string, number>();
  for (const [i, g] of engineGames.entries()) {
    for (const t of [g.home, g.away]) {
      const k = `${t}:${g.slot}`;
      if (seen.has(k)) {
        throw badUserInput(
          `input.games[${i}]`,
          `team ${teams[t].id} (${teams[t].name}) has two games on ${dates[g.slot]} (games ${seen.get(k)} and ${i})`,
        );
      }
      seen.set(k, i);
    }
  }

  const built = buildConstraints(bundle.policies, {
    teams,
    blackouts: availability.blackouts,
    unavailability: availability.unavailability,
    bookingConflicts: availability.bookingConflicts,
  });
  if (built.unknown.length > 0) {
    throw new GraphQLError(
      `constraint profile ${bundle.profile.id} cannot be evaluated: ${describeUnknown(built.unknown)}`,
      {
        extensions: { code: 'BAD_USER_INPUT', argumentName: 'input.profileId' },
      },
    );
  }
  let report: ReturnType<typeof evaluateSchedule>;
  try {
    report = evaluateSchedule({ teams: engineTeams(teams), slots, games: engineGames, constraints: built.specs });
  } catch (error) {
    throw new GraphQLError(`constraint profile ${bundle.profile.id} cannot be evaluated: ${(error as Error).message}`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'input.profileId' },
    });
  }

  const results: CheckResult[] = report.results.map((r) => ({
    templateId: Number(r.id),
    name: r.name ?? r.type,
    type: r.type,
    severity: r.severity,
    status: r.status === 'pass' ? 'passed' : 'failed',
    penalty: r.penalty,
    weight: r.weight,
    weightedPenalty: r.weightedPenalty,
    violations: r.violations.map((v) => ({
      message: v.message,
      teamIds: v.teams.map((t) => teams[t].id),
      games: v.games.map((g) => {
        const stored = gameAt.get(`${g.home}:${g.away}:${g.slot}`);
        return {
          gameId: stored?.id ?? null,
          date: dates[g.slot],
          homeTeamId: teams[g.home].id,
          awayTeamId: teams[g.away].id,
        };
      }),
    })),
  }));
  // a policy about teams none of which plays here holds trivially: reported as passed, so every policy appears
  for (const n of built.notApplicable) {
    results.push({ ...n, status: 'passed', penalty: 0, weightedPenalty: 0, violations: [] });
  }
  const hardViolations = results.filter((r) => r.severity === 'hard').reduce((n, r) => n + r.violations.length, 0);
  const softViolations = results.filter((r) => r.severity === 'soft').reduce((n, r) => n + r.violations.length, 0);
  const overallStatus = results.some((r) => r.severity === 'hard' && r.status === 'failed')
    ? 'failed'
    : results.some((r) => r.status === 'failed')
      ? 'warning'
      : 'passed';
  const evaluatedAt = new Date().toISOString();

  const store = input.store ?? scheduleId !== null;
  if (store && scheduleId === null)
    throw badUserInput('input.store', 'only a stored schedule (scheduleId) can be stored');
  let evaluationIds: number[] = [];
  if (store && scheduleId !== null) {
    const stored: StoredResult[] = results.map((r) => ({
      templateId: r.templateId,
      status: r.status === 'passed' ? 'passed' : r.severity === 'hard' ? 'failed' : 'warning',
      violationCount: r.violations.length,
      score: r.weightedPenalty,
      severity: r.severity,
      details: {
        name: r.name,
        type: r.type,
        severity: r.severity,
        penalty: r.penalty,
        weight: r.weight,
        weightedPenalty: r.weightedPenalty,
        profileId: bundle.profile.id,
      },
      violations: r.violations.map((v) => ({
        message: v.message,
        gameIds: v.games.map((g) => g.gameId).filter((id): id is number => id !== null),
        details: { teamIds: v.teamIds, dates: v.games.map((g) => g.date) },
      })),
    }));
    evaluationIds = await deps.run((tx) =>
      storeEvaluation(tx, { scheduleId, versionId, conferenceId: conferenceId ?? null, results: stored }),
    );
  }

  return {
    overallStatus,
    totalViolations: hardViolations + softViolations,
    hardViolations,
    softViolations,
    softPenalty: report.softPenalty,
    feasible: report.feasible,
    scheduleId,
    versionId,
    profileId: bundle.profile.id,
    profileName: bundle.profile.name,
    results,
    skipped: built.skipped,
    recommendations: recommendations(results),
    evaluatedAt,
    stored: evaluationIds.length > 0,
    evaluationIds,
  };
}
