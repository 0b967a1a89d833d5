// From stored constraint policies (template validation_logic + policy parameters) and the reference data read
// through the gateway to the engine's input: teams (engine indices), constraint specs, and the competition format.
// Shared by constraint-validation (validate) and schedule-generation (the generation worker).
import { type ConstraintSpec, evaluatorTypes, type Format, type Team } from '../../scheduling/index.ts';
import type { RefBlackout, RefBookingConflict, RefTeam, RefUnavailability } from './gateway-client.ts';

export interface PolicyInput {
  templateId: number;
  templateName: string;
  /** The template's validation_logic: { type, params, scope?, source? }. */
  logic: Record<string, unknown>;
  /** hard | soft | advisory | disabled */
  level: string;
  weight: number;
  /** The policy's parameters (override the template's default params). */
  parameters: Record<string, unknown>;
  /** Set when the policy comes from a team's own profile: the rule applies to that team only. */
  teamId?: number | null;
}

export interface BuiltConstraints {
  specs: ConstraintSpec[];
  /** The competition format described by a `round_robin_format` template, when one applies. */
  format: Format | null;
  /** Disabled policies: no check, by the profile's choice. */
  skipped: Array<{ templateId: number; name: string; reason: string }>;
  /**
   * Policies about teams none of which is scheduled: nothing to check, so they hold; an evaluation reports them as
   * passed, so every active policy appears in it.
   */
  notApplicable: Array<{ templateId: number; name: string; type: string; severity: 'hard' | 'soft'; weight: number }>;
  /**
   * Active policies whose type no evaluator understands: a caller refuses the request naming them (evaluating the
   * rest would report a schedule as passing a profile it was never checked against).
   */
  unknown: Array<{ templateId: number; name: string; type: string }>;
  /** The policy describing the competition format, when one applies (its check is among `specs` too). */
  formatPolicy: { templateId: number; name: string } | null;
}

/** One sentence naming the policies no evaluator understands, for the error that refuses the request. */
export function describeUnknown(unknown: BuiltConstraints['unknown']): string {
  return `no evaluator understands ${unknown
    .map((u) => `policy "${u.name}" (template ${u.templateId}, type '${u.type}')`)
    .join(', ')} (known types: ${evaluatorTypes().join(', ')})`;
}

/** Engine teams (id = the database team id as a string; venue = the home venue id). */
export function engineTeams(teams: readonly RefTeam[]): Team[] {
  return teams.map((t) => ({
    id: String(t.id),
    name: t.name,
    ...(t.latitude !== null && t.longitude !== null ? { lat: t.latitude, lon: t.longitude } : {}),
    venue: t.venueId !== null ? `venue:${t.venueId}` : `team:${t.id}`,
  }));
}

function formatOf(params: Record<string, unknown>, teamCount: number): Format | null {
  const kind = String(params.kind ?? '');
  if (kind === 'round_robin') {
    const rounds = Number(params.meetingsPerPair ?? params.rounds ?? 1) >= 2 ? 2 : 1;
    return { kind: 'round_robin', rounds };
  }
  if (kind === 'partial_round_robin' && params.doubles !== undefined) {
    return { kind: 'partial_round_robin', doubles: Number(params.doubles) };
  }
  if (kind === 'partial' && params.gamesPerTeam !== undefined) {
    // every pair at most once, gamesPerTeam games: not an engine format; a single round robin is the closest
    return Number(params.gamesPerTeam) >= teamCount - 1 ? { kind: 'round_robin', rounds: 1 } : null;
  }
  return null;
}

/**
 * Rule types of the legacy monolith that migration 004 copies unchanged, and the evaluator each one means, so a
 * profile holding a legacy rule is evaluated instead of failing as an unknown type. The engine reads snake_case
 * parameter names itself (forbidden_days, min_days); only what differs in meaning is rewritten here.
 */
const LEGACY_RULES: Record<
  string,
  { type: string; params: (legacy: Record<string, unknown>) => Record<string, unknown> }
> = {
  // {"team_id": 4, "forbidden_days": [0]}: the team's games avoid those days
  days_of_week: {
    type: 'allowed_days_of_week',
    params: ({ team_id, ...rest }) => (team_id === undefined ? rest : { ...rest, teams: [String(team_id)] }),
  },
  // {"days": 14}: meetings of a pair at least that many days apart, no minimum in games
  min_rematch_separation: {
    type: 'rematch_separation',
    params: ({ days, ...rest }) => ({ minGames: 0, ...rest, ...(days === undefined ? {} : { minDays: days }) }),
  },
  // {"days": [6], "windows": ["12:00", …]}: games carry dates, not tip-off times, so the days are what is checked
  broadcast_window: { type: 'allowed_days_of_week', params: ({ days }) => ({ days }) },
};

const keepTeams = (refs: unknown, known: Set<string>): string[] | undefined => {
  if (refs === undefined || refs === null) return undefined;
  const list = Array.isArray(refs) ? refs : String(refs).split(/[;,]/);
  return list.map((r) => String(r).trim()).filter((r) => known.has(r));
};

/** Builds the engine's constraint specs for a set of teams from policies and fresh availability data. */
export function buildConstraints(
  policies: readonly PolicyInput[],
  data: {
    teams: readonly RefTeam[];
    blackouts: readonly RefBlackout[];
    unavailability: readonly RefUnavailability[];
    bookingConflicts: readonly RefBookingConflict[];
  },
): BuiltConstraints {
  const known = new Set(data.teams.map((t) => String(t.id)));
  const venueIds = new Set(data.teams.filter((t) => t.venueId !== null).map((t) => t.venueId as number));
  const specs: ConstraintSpec[] = [];
  const skipped: BuiltConstraints['skipped'] = [];
  const unknown: BuiltConstraints['unknown'] = [];
  const notApplicable: BuiltConstraints['notApplicable'] = [];
  const knownTypes = new Set(evaluatorTypes());
  let format: Format | null = null;
  let formatPolicy: BuiltConstraints['formatPolicy'] = null;

  for (const p of policies) {
    const level = p.level.toLowerCase();
    const stated = String(p.logic.type ?? '');
    const legacy = LEGACY_RULES[stated];
    const type = legacy?.type ?? stated;
    const given: Record<string, unknown> = {
      ...((p.logic.params as Record<string, unknown> | undefined) ?? {}),
      ...p.parameters,
    };
    const base = legacy ? legacy.params(given) : given;
    if (level === 'disabled') {
      skipped.push({ templateId: p.templateId, name: p.templateName, reason: 'disabled by the profile' });
      continue;
    }
    if (!knownTypes.has(type)) {
      unknown.push({ templateId: p.templateId, name: p.templateName, type });
      continue;
    }
    if (type === 'round_robin_format') {
      // the format both shapes generation and is checked like any rule (games per team, doubles, home games)
      format = formatOf(base, data.teams.length) ?? format;
      formatPolicy = { templateId: p.templateId, name: p.templateName };
    }
    const params: Record<string, unknown> = { ...base };
    const severity = level === 'hard' ? 'hard' : 'soft';
    const weight = level === 'hard' ? 1 : p.weight;
    const holds = () => notApplicable.push({ templateId: p.templateId, name: p.templateName, type, severity, weight });
    if (p.teamId !== undefined && p.teamId !== null) {
      if (!known.has(String(p.teamId))) {
        holds(); // a team rule for a team not in this schedule
        continue;
      }
      params.teams = [String(p.teamId)];
      delete params.team;
    } else if (params.teams !== undefined) {
      params.teams = keepTeams(params.teams, known);
      if ((params.teams as string[]).length === 0) {
        holds();
        continue;
      }
    }
    if (type === 'blackout_dates') {
      const severities = new Set(
        (Array.isArray(params.severities) ? params.severities : ['hard']).map((s) => String(s).toLowerCase()),
      );
      const explicit = (Array.isArray(params.blackouts) ? (params.blackouts as Record<string, unknown>[]) : []).filter(
        (b) => known.has(String(b.team)),
      );
      const stored = data.blackouts
        .filter((b) => severities.has(b.severity) && known.has(String(b.teamId)))
        .map((b) => ({ team: String(b.teamId), from: b.startDate, to: b.endDate, mode: 'any' }));
      params.blackouts = [...explicit.map((b) => ({ ...b, team: String(b.team) })), ...stored];
      delete params.severities;
      delete params.teams;
    }
    if (type === 'venue_unavailability') {
      const explicit = Array.isArray(params.periods) ? (params.periods as Record<string, unknown>[]) : [];
      const stored = data.unavailability
        .filter((u) => venueIds.has(u.venueId))
        .map((u) => ({ venue: `venue:${u.venueId}`, from: u.startDate, to: u.endDate }));
      // an open booking conflict takes the arena for its day, like a one-day closure
      const booked = data.bookingConflicts
        .filter((c) => venueIds.has(c.venueId))
        .map((c) => ({ venue: `venue:${c.venueId}`, from: c.date, to: c.date }));
      params.periods = [
        ...explicit
          .filter((e) => (e.venue !== undefined && venueIds.has(Number(e.venue))) || known.has(String(e.team)))
          .map((e) => (e.venue !== undefined ? { ...e, venue: `venue:${e.venue}` } : { ...e, team: String(e.team) })),
        ...stored,
        ...booked,
      ];
      delete params.teams;
    }
    specs.push({
      id: p.templateId,
      name: p.templateName,
      type,
      severity,
      weight,
      params,
    });
  }
  return { specs, format, skipped, notApplicable, unknown, formatPolicy };
}
