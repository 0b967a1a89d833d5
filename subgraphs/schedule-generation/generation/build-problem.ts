// The engine's problem for a generation request, built from other services' data read THROUGH THE GATEWAY:
// teams (team-availability + venue-management), conference-play windows, blackouts, venue unavailability periods and
// open booking conflicts (venue-management), the arena-days of fixed schedules (aroundSchedules), and the constraint
// profile with its templates (constraint-validation).
import {
  compileProblem,
  dayNumber,
  dayOfWeek,
  type Format,
  isoDay,
  precheck,
  type ScheduleProblem,
} from '../../../scheduling/index.ts';
import { buildConstraints, describeUnknown, engineTeams, type PolicyInput } from '../../kit/engine-constraints.ts';
import {
  type GatewayCallOptions,
  gatewayRequest,
  loadAvailability,
  loadTeams,
  type RefTeam,
} from '../../kit/gateway-client.ts';
import { arenaDaysOf, sharedArenaConstraint } from './shared-arenas.ts';

/** A request that cannot be solved as asked: reported on the job (failed, with the reasons), never retried. */
export class InfeasibleRequest extends Error {
  override name = 'InfeasibleRequest';
  constructor(readonly reasons: string[]) {
    super(`infeasible: ${reasons.join('; ')}`);
  }
}

export interface GenerationParameters {
  /** Time budget of the optimiser, seconds (default 20). */
  seconds?: number;
  /** Iteration budget (deterministic with seed); overrides seconds. */
  iterations?: number;
  seed?: number;
  reheats?: number;
  /** Conference-play window (default: the teams' preferred windows of the season, else the season). */
  startDate?: string;
  endDate?: string;
  /** Allowed game days 0–6 (default: the profile's game-day template, else every day). */
  days?: Array<number | string>;
  /** Only these teams (default: every team of the sport and conference). */
  teamIds?: Array<number | string>;
  /** Competition format (default: the profile's format template, else a double round robin). */
  format?: Format;
  /** Constraint profile (default: the sport's default profile for the season and conference). */
  profileId?: number | string;
  /**
   * Stored schedules of other sports generated first and kept fixed: the days their games use an arena are closed
   * to this schedule's home games there (shared arenas, e.g. women's basketball around the men's schedule). Set from
   * the input's declared field `aroundSchedules` (start.ts), never from `parameters`.
   */
  aroundSchedules?: Array<number | string>;
  /** Sports generated next around this schedule (input.sharedArenaSportIds; follow-ups.ts). */
  sharedArenaSportIds?: number[];
  /** The generation whose job started this one (a follow-up). */
  followUpOf?: number;
  /** Extra engine constraint specs (tests, what-if runs). */
  extraConstraints?: ScheduleProblem['constraints'];
}

export interface BuiltProblem {
  problem: ScheduleProblem;
  teams: RefTeam[];
  profileId: number | null;
  window: { from: string; to: string };
}

const PROFILES = `query FlextimeGenerationProfiles($sportId: ID, $seasonId: ID, $conferenceId: ID) {
  constraintProfiles(sportId: $sportId, seasonId: $seasonId, conferenceId: $conferenceId, limit: 100) {
    nodes {
      id isDefault isActive team { id }
      policies { enforcementLevel weight parameters isActive template { id name validationLogic isActive } }
    }
  }
  seasons { id startDate endDate }
  availabilityWindows(sportId: $sportId, seasonId: $seasonId, conferenceId: $conferenceId, limit: 100) {
    nodes { windowType startDate endDate }
  }
}`;

type ProfileNode = {
  id: string;
  isDefault: boolean;
  isActive: boolean;
  team: { id: string } | null;
  policies: Array<{
    enforcementLevel: string;
    weight: number;
    parameters: Record<string, unknown>;
    isActive: boolean;
    template: { id: string; name: string; validationLogic: Record<string, unknown>; isActive: boolean };
  }>;
};

export async function buildProblem(
  request: { name: string; sportId: number; seasonId: number | null; conferenceId: number | null },
  params: GenerationParameters,
  gw: GatewayCallOptions,
): Promise<BuiltProblem> {
  // teams come from the request's conference only: a request without one would mix conferences (db/migrations/007)
  if (request.conferenceId === null) {
    throw new InfeasibleRequest([
      'the request names no conference; teams of two conferences are never scheduled together',
    ]);
  }
  const vars = {
    sportId: String(request.sportId),
    seasonId: request.seasonId ? String(request.seasonId) : null,
    conferenceId: request.conferenceId ? String(request.conferenceId) : null,
  };
  const [data, allTeams] = await Promise.all([
    gatewayRequest<{
      constraintProfiles: { nodes: ProfileNode[] };
      seasons: Array<{ id: string; startDate: string; endDate: string }>;
      availabilityWindows: { nodes: Array<{ windowType: string; startDate: string; endDate: string }> };
    }>(PROFILES, vars, gw),
    loadTeams({ sportId: request.sportId, conferenceId: request.conferenceId }, gw),
  ]);

  let teams = allTeams;
  if (params.teamIds) {
    const wanted = new Set(params.teamIds.map(Number));
    const outside = [...wanted].filter((id) => !allTeams.some((t) => t.id === id));
    if (outside.length) {
      throw new InfeasibleRequest([
        `no teams to schedule: teamIds ${outside.join(', ')} are not teams of sport ${request.sportId} in conference ${request.conferenceId}`,
      ]);
    }
    teams = allTeams.filter((t) => wanted.has(t.id));
  }
  teams = [...teams].sort((a, b) => a.id - b.id);
  if (teams.length === 0) {
    throw new InfeasibleRequest([
      `no teams to schedule for sport ${request.sportId}${request.conferenceId ? ` in conference ${request.conferenceId}` : ''}${params.teamIds ? ' among the requested teamIds' : ''}`,
    ]);
  }

  // the profile: the one asked for, else the default conference-wide one; team profiles add team rules
  const profiles = data.constraintProfiles.nodes.filter((p) => p.isActive);
  const chosen =
    params.profileId !== undefined
      ? profiles.find((p) => p.id === String(params.profileId))
      : (profiles.find((p) => p.isDefault && !p.team) ?? profiles.find((p) => !p.team));
  if (params.profileId !== undefined && !chosen) {
    throw new InfeasibleRequest([`no active constraint profile ${params.profileId} for this sport and season`]);
  }
  const policies: PolicyInput[] = [];
  for (const p of [chosen, ...profiles.filter((x) => x.team)]) {
    if (!p) continue;
    for (const pol of p.policies) {
      if (!pol.isActive || !pol.template.isActive) continue;
      policies.push({
        templateId: Number(pol.template.id),
        templateName: pol.template.name,
        logic: pol.template.validationLogic ?? {},
        level: pol.enforcementLevel,
        weight: pol.weight,
        parameters: pol.parameters ?? {},
        teamId: p.team ? Number(p.team.id) : null,
      });
    }
  }

  // conference-play window and game days
  const season = data.seasons.find((s) => s.id === vars.seasonId);
  const preferred = data.availabilityWindows.nodes.filter((w) => w.windowType === 'preferred');
  const from =
    params.startDate ??
    (preferred.length ? preferred.map((w) => w.startDate).sort()[0] : undefined) ??
    season?.startDate;
  const to =
    params.endDate ??
    (preferred.length
      ? preferred
          .map((w) => w.endDate)
          .sort()
          .at(-1)
      : undefined) ??
    season?.endDate;
  if (!from || !to) throw new InfeasibleRequest(['no season or conference-play window: give startDate and endDate']);
  if (to < from) throw new InfeasibleRequest([`the window ends (${to}) before it starts (${from})`]);

  let days: number[] | null = params.days ? params.days.map((d) => Number(d)) : null;
  if (!days) {
    const dayPolicy = policies.find(
      (p) =>
        p.logic.type === 'allowed_days_of_week' &&
        !p.teamId &&
        Array.isArray((p.logic.params as Record<string, unknown>)?.days) &&
        p.level === 'hard',
    );
    const fromPolicy = (dayPolicy?.parameters.days ?? (dayPolicy?.logic.params as Record<string, unknown>)?.days) as
      | number[]
      | undefined;
    days = fromPolicy ? fromPolicy.map(Number) : null;
  }
  const candidateDates: string[] = [];
  for (let d = dayNumber(from); d <= dayNumber(to); d++) {
    if (!days || days.includes(dayOfWeek(d))) candidateDates.push(isoDay(d));
  }

  const availability = await loadAvailability(
    { sportId: request.sportId, seasonId: request.seasonId, conferenceId: request.conferenceId, from, to },
    gw,
  );
  const built = buildConstraints(policies, { teams, ...availability });
  // a rule the engine would not check, or a format it cannot build, refuses the run instead of being ignored
  if (built.unknown.length > 0) throw new InfeasibleRequest([describeUnknown(built.unknown)]);
  if (built.formatPolicy && !built.format && !params.format) {
    throw new InfeasibleRequest([
      `policy "${built.formatPolicy.name}" (template ${built.formatPolicy.templateId}) describes a format the generator cannot build; give parameters.format`,
    ]);
  }
  const format: Format = params.format ?? built.format ?? { kind: 'round_robin', rounds: 2 };
  const shared: ScheduleProblem['constraints'] = [];
  if (params.aroundSchedules?.length) {
    const booked = await arenaDaysOf(params.aroundSchedules, request.conferenceId, gw);
    if (booked.refused.length) throw new InfeasibleRequest(booked.refused.map((r) => `aroundSchedules: ${r}`));
    shared.push(sharedArenaConstraint(params.aroundSchedules, booked.days, teams));
  }
  const problem: ScheduleProblem = {
    name: request.name,
    teams: engineTeams(teams),
    format,
    candidateDates,
    constraints: [...walkSpecs(built.specs, !params.format), ...shared, ...(params.extraConstraints ?? [])],
  };
  try {
    compileProblem(problem); // a template the engine cannot configure is a bad request, not a retryable failure
  } catch (error) {
    throw new InfeasibleRequest([`the constraint profile cannot be used: ${(error as Error).message}`]);
  }
  const reasons = precheck(problem);
  if (reasons.length > 0) throw new InfeasibleRequest(reasons);
  return { problem, teams, profileId: chosen ? Number(chosen.id) : null, window: { from, to } };
}

/**
 * The specs the optimiser walks with. When the engine builds the profile's own format, it builds and keeps its
 * structure (games per team, doubles, one home and one away meeting) by construction, so of the format policy only
 * the home-game bounds are checked in the walk — as CA1 counts, several times cheaper per move than the full
 * structural check; validateSchedule still runs the full check on the stored schedule.
 */
function walkSpecs(specs: ScheduleProblem['constraints'], formatFromProfile: boolean): ScheduleProblem['constraints'] {
  if (!formatFromProfile) return specs;
  return specs.flatMap((spec) => {
    if (spec.type !== 'round_robin_format') return [spec];
    const p = spec.params ?? {};
    if (p.minHome === undefined && p.maxHome === undefined) return [];
    return [
      { ...spec, type: 'CA1', params: { mode: 'H', min: p.minHome ?? 0, max: p.maxHome ?? p.gamesPerTeam ?? 1e9 } },
    ];
  });
}
