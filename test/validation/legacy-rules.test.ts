// Rules copied unchanged from the legacy monolith (db/legacy/monolith.sql → migration 004) keep their old type
// names and parameters; buildConstraints maps them onto the engine's evaluators so a profile holding one is judged
// rather than rejected as an unknown constraint type.
import { describe, expect, it } from 'vitest';
import { evaluateSchedule } from '../../scheduling/index.ts';
import { buildConstraints, engineTeams, type PolicyInput } from '../../subgraphs/kit/engine-constraints.ts';
import type { RefTeam } from '../../subgraphs/kit/gateway-client.ts';

const team = (id: number, name: string): RefTeam => ({
  id,
  name,
  abbreviation: name.slice(0, 4).toUpperCase(),
  latitude: null,
  longitude: null,
  venueId: null,
  venueName: null,
});
const teams = [team(1, 'Arizona'), team(2, 'Arizona State'), team(3, 'Baylor'), team(4, 'BYU')];
const dates = ['2025-12-06', '2025-12-07', '2025-12-10']; // Saturday, Sunday, Wednesday
// team indices: 0 = Arizona … 3 = BYU; BYU plays on the Sunday; pairs 0–1 and 2–3 meet again four days later
const games = [
  { home: 0, away: 1, slot: 0 },
  { home: 2, away: 3, slot: 0 },
  { home: 0, away: 2, slot: 1 },
  { home: 1, away: 3, slot: 1 },
  { home: 1, away: 0, slot: 2 },
  { home: 3, away: 2, slot: 2 },
];

// validation_logic exactly as migration 004 writes it for the monolith's rules 2, 3 and 6
const legacy: PolicyInput[] = [
  {
    templateId: 2,
    templateName: 'Legacy BYU no Sunday',
    logic: { type: 'days_of_week', params: { team_id: 4, forbidden_days: [0] } },
  },
  {
    templateId: 3,
    templateName: 'Legacy rematch separation',
    logic: { type: 'min_rematch_separation', params: { days: 14 } },
  },
  {
    templateId: 6,
    templateName: 'Legacy TV window',
    logic: { type: 'broadcast_window', params: { days: [6], windows: ['12:00', '14:00', '16:00'] } },
  },
].map((p) => ({ ...p, level: 'hard', weight: 1, parameters: {} }));

function judge(policies: PolicyInput[]) {
  const built = buildConstraints(policies, { teams, blackouts: [], unavailability: [], bookingConflicts: [] });
  const report = evaluateSchedule({
    teams: engineTeams(teams),
    slots: dates.map((date, index) => ({ index, date })),
    games,
    constraints: built.specs,
  });
  const byTemplate = new Map(report.results.map((r) => [Number(r.id), r]));
  return { built, byTemplate };
}

const pairs = (r: { violations: Array<{ games: Array<{ home: number; away: number; slot: number }> }> }) =>
  r.violations.flatMap((v) => v.games.map((g) => `${g.home}-${g.away}@${g.slot}`)).sort();

describe('legacy monolith rules', () => {
  it('are evaluated by the engine, none skipped or rejected', () => {
    const { built, byTemplate } = judge(legacy);
    expect(built.skipped).toEqual([]);
    expect(built.specs.map((s) => s.type)).toEqual([
      'allowed_days_of_week',
      'rematch_separation',
      'allowed_days_of_week',
    ]);
    expect([...byTemplate.keys()].sort()).toEqual([2, 3, 6]);
  });

  it("days_of_week {team_id, forbidden_days}: only BYU's Sunday game is reported", () => {
    const r = judge(legacy).byTemplate.get(2);
    expect(r?.status).toBe('fail');
    expect(pairs(r!)).toEqual(['1-3@1']);
  });

  it('min_rematch_separation {days}: the two pairs meeting again after four days, nothing in games', () => {
    const r = judge(legacy).byTemplate.get(3);
    expect(r?.status).toBe('fail');
    expect(r?.violations).toHaveLength(2);
    expect(pairs(r!)).toEqual(['0-1@0', '1-0@2', '2-3@0', '3-2@2']);
  });

  it('broadcast_window {days, windows}: the games off the Saturday window', () => {
    const r = judge(legacy).byTemplate.get(6);
    expect(r?.status).toBe('fail');
    expect(new Set(pairs(r!))).toEqual(new Set(['0-2@1', '1-3@1', '1-0@2', '3-2@2']));
  });

  it('a schedule that keeps the rules passes them', () => {
    const { byTemplate } = judge(legacy.map((p) => ({ ...p, parameters: p.templateId === 3 ? { days: 3 } : {} })));
    expect(byTemplate.get(3)?.status).toBe('pass');
  });
});
