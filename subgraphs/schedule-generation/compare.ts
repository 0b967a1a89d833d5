// compare: two schedule versions side by side — travel (haversine miles between campuses, the engine's travel
// evaluator), violations by severity (constraint-validation's validateSchedule through the gateway, not stored) and
// home/away balance per team. The comparison is stored in schedule_comparison_results.
import type { ServiceTx } from '../../db/index.ts';
import { scheduleComparisonResults } from '../../db/schema/schedule-generation.ts';
import { type Game as EngineGame, evaluateSchedule } from '../../scheduling/index.ts';
import { engineTeams } from '../kit/engine-constraints.ts';
import { badUserInput } from '../kit/errors.ts';
import {
  type GatewayCallOptions,
  gatewayRequest,
  loadTeams,
  type RefTeam,
  upstreamError,
} from '../kit/gateway-client.ts';
import { scheduleById, versionById, versionGames } from './generation/job-rows.ts';

export interface TeamBalance {
  teamId: number;
  home: number;
  away: number;
}

export interface VersionMetrics {
  versionId: number;
  games: number;
  travelMiles: number;
  hardViolations: number;
  softViolations: number;
  softPenalty: number;
  overallStatus: string;
  maxHomeAwayImbalance: number;
  balance: TeamBalance[];
}

export interface Comparison {
  comparisonId: number;
  scheduleId: number | null;
  versionAId: number;
  versionBId: number;
  a: VersionMetrics;
  b: VersionMetrics;
  winnerVersionId: number | null;
  summary: string;
}

const VALIDATE = `mutation FlextimeCompareValidate($input: ValidateScheduleInput!) {
  validateSchedule(input: $input) { overallStatus hardViolations softViolations softPenalty }
}`;

type Run = <T>(fn: (tx: ServiceTx) => Promise<T>) => Promise<T>;

async function metricsOf(
  run: Run,
  versionId: number,
  argName: string,
  gw: GatewayCallOptions,
): Promise<VersionMetrics> {
  const loaded = await run(async (tx) => {
    const version = await versionById(tx, versionId);
    if (!version) return null;
    const schedule = await scheduleById(tx, version.scheduleId);
    return { version, schedule, games: await versionGames(tx, versionId) };
  });
  if (!loaded?.schedule) throw badUserInput(argName, `no schedule version with id ${versionId}`);
  const { schedule, games } = loaded;
  let teams: RefTeam[];
  let validation: { overallStatus: string; hardViolations: number; softViolations: number; softPenalty: number };
  try {
    [teams, validation] = await Promise.all([
      loadTeams({ sportId: schedule.sportId, conferenceId: schedule.conferenceId }, gw),
      games.length
        ? gatewayRequest<{ validateSchedule: typeof validation }>(
            VALIDATE,
            {
              input: {
                sportId: String(schedule.sportId),
                seasonId: String(schedule.seasonId),
                conferenceId: schedule.conferenceId ? String(schedule.conferenceId) : null,
                store: false,
                games: games.map((g) => ({
                  id: String(g.gameId),
                  homeTeamId: String(g.homeTeamId),
                  awayTeamId: String(g.awayTeamId),
                  venueId: g.venueId ? String(g.venueId) : null,
                  date: g.gameDate,
                  slot: g.slot,
                })),
              },
            },
            gw,
          ).then((d) => d.validateSchedule)
        : Promise.resolve({ overallStatus: 'passed', hardViolations: 0, softViolations: 0, softPenalty: 0 }),
    ]);
  } catch (error) {
    throw upstreamError(error, 'compare: ');
  }
  const ids = [...new Set(games.flatMap((g) => [g.homeTeamId, g.awayTeamId]))].sort((x, y) => x - y);
  const byId = new Map(teams.map((t) => [t.id, t]));
  const playing = ids.map(
    (id) =>
      byId.get(id) ?? {
        id,
        name: `team ${id}`,
        abbreviation: '',
        latitude: null,
        longitude: null,
        venueId: null,
        venueName: null,
      },
  );
  const index = new Map(playing.map((t, i) => [t.id, i]));
  const dates = [...new Set(games.map((g) => g.gameDate))].sort();
  const slotOf = new Map(dates.map((d, i) => [d, i]));
  const engineGames: EngineGame[] = games.map((g) => ({
    home: index.get(g.homeTeamId) as number,
    away: index.get(g.awayTeamId) as number,
    slot: slotOf.get(g.gameDate) as number,
  }));
  let travelMiles = 0;
  if (engineGames.length) {
    try {
      const report = evaluateSchedule({
        teams: engineTeams(playing),
        slots: dates.map((date, i) => ({ index: i, date })),
        games: engineGames,
        constraints: [{ type: 'travel_distance', params: {} }],
      });
      travelMiles = report.results[0]?.penalty ?? 0;
    } catch {
      travelMiles = Number.NaN; // a team with two games on one day: travel is not defined
    }
  }
  const balance = playing.map((t) => ({
    teamId: t.id,
    home: games.filter((g) => g.homeTeamId === t.id).length,
    away: games.filter((g) => g.awayTeamId === t.id).length,
  }));
  return {
    versionId,
    games: games.length,
    travelMiles: Math.round(travelMiles * 10) / 10,
    hardViolations: validation.hardViolations,
    softViolations: validation.softViolations,
    softPenalty: validation.softPenalty,
    overallStatus: validation.overallStatus,
    maxHomeAwayImbalance: balance.reduce((m, b) => Math.max(m, Math.abs(b.home - b.away)), 0),
    balance,
  };
}

function better(a: VersionMetrics, b: VersionMetrics): number {
  if (a.hardViolations !== b.hardViolations) return a.hardViolations - b.hardViolations;
  if (Math.abs(a.softPenalty - b.softPenalty) > 1e-6) return a.softPenalty - b.softPenalty;
  if (Math.abs(a.travelMiles - b.travelMiles) > 0.5) return a.travelMiles - b.travelMiles;
  return a.maxHomeAwayImbalance - b.maxHomeAwayImbalance;
}

export async function compareVersions(
  run: Run,
  input: { versionAId: number; versionBId: number; conferenceId: number | null },
  gw: GatewayCallOptions,
): Promise<Comparison> {
  if (input.versionAId === input.versionBId) throw badUserInput('versionBId', 'must differ from versionAId');
  const [a, b] = await Promise.all([
    metricsOf(run, input.versionAId, 'versionAId', gw),
    metricsOf(run, input.versionBId, 'versionBId', gw),
  ]);
  const order = better(a, b);
  const winner = order < 0 ? a.versionId : order > 0 ? b.versionId : null;
  const diff = (x: number, y: number) => `${x} vs ${y}`;
  const summary =
    `${winner === null ? 'Tie' : `Version ${winner} is better`}: hard violations ${diff(a.hardViolations, b.hardViolations)}, ` +
    `soft violations ${diff(a.softViolations, b.softViolations)}, soft penalty ${diff(Math.round(a.softPenalty), Math.round(b.softPenalty))}, ` +
    `travel ${diff(Math.round(a.travelMiles), Math.round(b.travelMiles))} miles, max home/away imbalance ${diff(a.maxHomeAwayImbalance, b.maxHomeAwayImbalance)}.`;
  const comparisonId = await run(async (tx) => {
    const version = await versionById(tx, input.versionAId);
    const [row] = await tx
      .insert(scheduleComparisonResults)
      .values({
        scheduleId: version?.scheduleId ?? null,
        versionAId: input.versionAId,
        versionBId: input.versionBId,
        conferenceId: version?.conferenceId ?? input.conferenceId,
        comparisonMetrics: { a, b },
        winnerVersionId: winner,
        summary,
      })
      .returning({ id: scheduleComparisonResults.comparisonId });
    return row.id;
  });
  const scheduleId = await run(async (tx) => (await versionById(tx, input.versionAId))?.scheduleId ?? null);
  return {
    comparisonId,
    scheduleId,
    versionAId: input.versionAId,
    versionBId: input.versionBId,
    a,
    b,
    winnerVersionId: winner,
    summary,
  };
}
