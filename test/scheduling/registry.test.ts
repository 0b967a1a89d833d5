/**
 * The evaluator registry is an explicit list of families (scheduling/constraints/index.ts): a family left out of it,
 * a type registered twice by two families, or a run-time registration that does not reach `createEvaluator` fails here.
 */
import { describe, expect, it } from 'vitest';
import type { EvaluatorFactory } from '../../scheduling/index.ts';
import {
  BIG12_MBB_TEAMS,
  canonicalSchedule,
  createEvaluator,
  evaluateSchedule,
  evaluatorTypes,
  registerEvaluator,
} from '../../scheduling/index.ts';

const EVERY_TYPE = [
  'BR1',
  'BR2',
  'CA1',
  'CA2',
  'CA3',
  'CA4',
  'FA2',
  'GA1',
  'SE1',
  'allowed_days_of_week',
  'blackout_dates',
  'games_per_week',
  'home_away_balance_window',
  'max_consecutive_away',
  'max_consecutive_home',
  'max_consecutive_road',
  'mirrored',
  'no_repeaters',
  'phased',
  'rematch_separation',
  'rest_days',
  'round_robin_format',
  'saturday_pairing',
  'travel_distance',
  'venue_unavailability',
];

describe('evaluator registry', () => {
  it('lists exactly the types of the families in its list (a family left out loses its types)', () => {
    expect(evaluatorTypes()).toEqual(EVERY_TYPE);
  });

  it('a type registered at run time is compiled and evaluated like a built-in one', () => {
    // one violation per home game in slot 0
    const factory: EvaluatorFactory = (p, ctx) => ({
      kind: 'team',
      teams: new Uint8Array(ctx.n).fill(1),
      team: (g, t, rep) => {
        const home = g.cell[t * g.slots] > 0 ? 1 : 0;
        if (home > 0) rep?.(`${p.str('label', 'team')} ${t} hosts in slot 0`, [], [t]);
        return home;
      },
    });
    registerEvaluator('no_home_opener', factory);
    expect(evaluatorTypes()).toContain('no_home_opener');
    const teams = BIG12_MBB_TEAMS.slice(0, 4);
    const games = canonicalSchedule(4, { kind: 'round_robin', rounds: 2, mirrored: true });
    const slots = Array.from({ length: 6 }, (_, index) => ({ index }));
    const report = evaluateSchedule({
      teams,
      slots,
      games,
      constraints: [{ type: 'no_home_opener', severity: 'hard', params: { label: 'club' } }],
    });
    const hostsInSlot0 = games.filter((g) => g.slot === 0).map((g) => g.home);
    expect(report.hardViolations).toBe(hostsInSlot0.length);
    expect(report.results[0].violations.map((v) => v.teams[0]).sort()).toEqual(hostsInSlot0.sort());
  });

  it('refuses an unknown type, naming the known ones, and a mode outside H/A/HA', () => {
    const ctx = { teams: BIG12_MBB_TEAMS.slice(0, 4) };
    expect(() => createEvaluator({ type: 'no_such_rule' }, ctx)).toThrow(/unknown constraint type 'no_such_rule'.*CA1/);
    expect(() => createEvaluator({ type: 'CA1', params: { max: 1, mode: 'X' } }, ctx)).toThrow(
      /constraint CA1: invalid mode 'X' \(H, A or HA\)/,
    );
  });
});
