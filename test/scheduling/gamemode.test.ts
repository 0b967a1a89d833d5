// RobinX gameMode M (mirrored) and P (phased): read, kept by both solvers, and counted by `solve --check` as RobinX's
// validator counts them; every other symmetry or format field is refused by name. The property checks below are
// written here from the definitions, independently of the engine's own counting.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findBestKnown } from '../../bin/solve.ts';
import { parseRobinxInstance, parseRobinxSolution, RobinxError } from '../../scheduling/robinx/reader.ts';
import type { ScheduledMatch } from '../../scheduling/robinx/types.ts';
import { solveTtp } from '../../scheduling/ttp/parallel.ts';
import { ttpFromRobinx } from '../../scheduling/ttp/problem.ts';
import { cellsToGames } from '../../scheduling/ttp/validate.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = join(repo, 'test/fixtures/robinx');
const work = mkdtempSync(join(tmpdir(), 'flextime-gamemode-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function solve(args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'bin/solve.ts'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr, summary: lastJson(res.stdout) };
}

function lastJson(stdout: string): Record<string, unknown> {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return line.startsWith('{') ? JSON.parse(line) : {};
}

/** RobinX's validator, mirror rule: ordered pairs (t, o) and slots s of the first half where "t hosts o in s" ≠ "o hosts t in s + h". */
function mirrorViolations(games: readonly ScheduledMatch[], slots: number): number {
  const h = slots / 2;
  const played = new Set(games.map((g) => `${g.home}-${g.away}-${g.slot}`));
  let count = 0;
  const teams = new Set(games.flatMap((g) => [g.home, g.away]));
  for (const t of teams)
    for (const o of teams)
      for (let s = 0; s < h && t !== o; s++)
        if (played.has(`${t}-${o}-${s}`) !== played.has(`${o}-${t}-${s + h}`)) count++;
  return count;
}

/** RobinX's validator, phase rule: ordered pairs that do not meet exactly once in the first half. */
function phaseViolations(games: readonly ScheduledMatch[], slots: number): number {
  const meetings = new Map<string, number>();
  for (const g of games)
    if (g.slot < slots / 2)
      for (const key of [`${g.home}-${g.away}`, `${g.away}-${g.home}`]) meetings.set(key, (meetings.get(key) ?? 0) + 1);
  const teams = [...new Set(games.flatMap((g) => [g.home, g.away]))];
  let count = 0;
  for (const t of teams) for (const o of teams) if (t !== o && meetings.get(`${t}-${o}`) !== 1) count++;
  return count;
}

/** NL6 without a gameMode (the fixture is the public NL6 with the field added). */
const nl6 = readFileSync(join(fixtures, 'NL6-mirrored.xml'), 'utf8').replace('<gameMode>M</gameMode>', '');

describe('RobinX gameMode', () => {
  it('reads M and P, and NULL as none', () => {
    expect(parseRobinxInstance(readFileSync(join(fixtures, 'NL6-mirrored.xml'), 'utf8')).gameMode).toBe('M');
    expect(parseRobinxInstance(readFileSync(join(fixtures, 'NL6-phased.xml'), 'utf8')).gameMode).toBe('P');
    const nullMode = nl6.replace('</compactness>', '</compactness><gameMode>NULL</gameMode>');
    expect(parseRobinxInstance(nullMode).gameMode).toBeNull();
  });

  it("compares a mirrored instance with the mirrored record only, a phased one with none (not the plain instance's)", () => {
    const readme = join(work, 'README.md');
    writeFileSync(readme, '| instance | teams | best |\n|---|---|---|\n| NL12 | 12 | 110729 |\n');
    expect(findBestKnown(join(work, 'NL12.xml'), 'NL12', readme, null)).toBe(110729);
    expect(findBestKnown(join(work, 'NL12.xml'), 'NL12', readme, 'M')).toBe(119608);
    expect(findBestKnown(join(work, 'NL12.xml'), 'NL12', readme, 'P')).toBeNull();
    expect(findBestKnown(join(work, 'NL6.xml'), 'NL6', readme, 'M')).toBeNull();
  });

  it('refuses a symmetry or format field the engine does not model, naming it', () => {
    const cases: Array<[string, RegExp]> = [
      [
        nl6.replace('</compactness>', '</compactness><gameMode>E</gameMode>'),
        /<gameMode>E<\/gameMode> is not supported/,
      ],
      [nl6.replace('</compactness>', '</compactness><gameMode>I</gameMode>'), /<gameMode>I<\/gameMode>/],
      [nl6.replace('</compactness>', '</compactness><gameMode>F</gameMode>'), /<gameMode>F<\/gameMode>/],
      [nl6.replace('</compactness>', '</compactness><gameMode>NP</gameMode>'), /<gameMode>NP<\/gameMode>/],
      [nl6.replace('</compactness>', '</compactness><breaks>0</breaks>'), /field <breaks> is not supported/],
      [
        nl6.replace('<compactness>C</compactness>', '<compactness>X</compactness>'),
        /<compactness> must be C, R or NULL/,
      ],
      [
        nl6.replace('<AdditionalGames/>', '<AdditionalGames><game home="0" away="1"/></AdditionalGames>'),
        /<AdditionalGames> is not supported/,
      ],
      [nl6.replace('</Format>', '</Format><Format leagueIds="1"/>'), /2 <Format> elements/],
    ];
    for (const [xml, message] of cases) {
      expect(() => parseRobinxInstance(xml)).toThrow(RobinxError);
      expect(() => parseRobinxInstance(xml)).toThrow(message);
    }
    const relaxed = parseRobinxInstance(nl6.replace('<compactness>C</compactness>', '<compactness>R</compactness>'));
    expect(() => ttpFromRobinx(relaxed)).toThrow(/<compactness>R<\/compactness> is not supported/);
  });

  for (const [mode, file, property] of [
    ['M', 'NL6-mirrored', mirrorViolations],
    ['P', 'NL6-phased', phaseViolations],
  ] as const) {
    it(`the TTP solver writes a ${file.split('-')[1]} schedule for gameMode ${mode}, deterministically per seed`, async () => {
      const problem = ttpFromRobinx(parseRobinxInstance(readFileSync(join(fixtures, `${file}.xml`), 'utf8')));
      expect(problem.gameMode).toBe(mode);
      const runs = await Promise.all([1, 1, 2].map((seed) => solveTtp(problem, { iterations: 60_000, seed })));
      for (const result of runs) {
        const games = cellsToGames(problem.n, result.cells);
        expect(result.violations).toBe(0);
        expect(property(games, problem.rounds)).toBe(0);
        expect(phaseViolations(games, problem.rounds)).toBe(0); // a mirrored schedule is phased too
      }
      expect(runs[1].cost).toBe(runs[0].cost);
      expect(Array.from(runs[1].cells)).toEqual(Array.from(runs[0].cells));
    });
  }

  it('solve writes a mirrored NL6 at its known optimum 26,588 and --check flags an unmirrored one as the validator does', () => {
    const out = join(work, 'nl6-mirrored.xml');
    const solved = solve([join(fixtures, 'NL6-mirrored.xml'), '--iterations', '300000', '--out', out, '--quiet']);
    expect(solved.code).toBe(0);
    const games = parseRobinxSolution(readFileSync(out, 'utf8')).games;
    expect(mirrorViolations(games, 10)).toBe(0);
    expect(solved.summary).toMatchObject({ infeasibility: 0, objective: 26588 });

    // the plain NL6 optimum is neither mirrored nor phased: its file declares what RobinX's validator computed
    const plain = join(fixtures, 'solutions/NL6-mirrored.unmirrored.xml');
    const unmirrored = parseRobinxSolution(readFileSync(plain, 'utf8'));
    const checked = solve([join(fixtures, 'NL6-mirrored.xml'), '--check', plain]);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toMatch(/hard constraints violated: mirrored \(\d+\)/);
    expect(checked.summary.infeasibility).toBe(mirrorViolations(unmirrored.games, 10));
    expect(checked.summary.declared).toEqual({
      objective: unmirrored.objective,
      infeasibility: unmirrored.infeasibility,
    });
  });

  it('--check flags an unphased NL6 as the validator does', () => {
    const plain = join(fixtures, 'solutions/NL6-phased.unphased.xml');
    const unphased = parseRobinxSolution(readFileSync(plain, 'utf8'));
    const checked = solve([join(fixtures, 'NL6-phased.xml'), '--check', plain]);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toMatch(/hard constraints violated: phased \(\d+\)/);
    expect(checked.summary.infeasibility).toBe(phaseViolations(unphased.games, 10));
    expect(checked.summary.declared).toEqual({ objective: unphased.objective, infeasibility: unphased.infeasibility });
  });

  it('the ITC2021 solver keeps gameMode M, and --check counts a phased but unmirrored schedule as the validator does', () => {
    const instance = join(fixtures, 'ITC-tiny-mirrored.xml');
    const out = join(work, 'itc-mirrored.xml');
    const solved = solve([instance, '--iterations', '100000', '--out', out, '--quiet']);
    expect(solved.code).toBe(0);
    const games = parseRobinxSolution(readFileSync(out, 'utf8')).games;
    expect(mirrorViolations(games, 10)).toBe(0);

    const mutant = join(fixtures, 'solutions/ITC-tiny-mirrored.rounds-5-6.xml');
    const declared = parseRobinxSolution(readFileSync(mutant, 'utf8'));
    expect(phaseViolations(declared.games, 10)).toBe(0);
    const checked = solve([instance, '--check', mutant]);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toMatch(/hard constraints violated: .*mirrored/);
    expect(checked.summary).toMatchObject({
      objective: declared.objective,
      infeasibility: declared.infeasibility,
      declared: { objective: declared.objective, infeasibility: declared.infeasibility },
    });
    expect(declared.infeasibility).toBeGreaterThanOrEqual(mirrorViolations(declared.games, 10));
  });
});
