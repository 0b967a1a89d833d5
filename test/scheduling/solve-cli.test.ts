import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateGrid } from '../../scheduling/evaluate/index.ts';
import { gridFromGames } from '../../scheduling/model.ts';
import { compileProblem } from '../../scheduling/optimizer.ts';
import { itc2021Problem } from '../../scheduling/robinx/itc2021.ts';
import { parseRobinxInstance, parseRobinxSolution } from '../../scheduling/robinx/reader.ts';
import { ttpFromRobinx } from '../../scheduling/ttp/problem.ts';
import { checkTtpSchedule, gamesToCells } from '../../scheduling/ttp/validate.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const fixture = join(repo, 'test/fixtures/robinx/NL4.xml');
const itcFixture = join(repo, 'test/fixtures/robinx/ITC-tiny.xml');
const work = mkdtempSync(join(tmpdir(), 'flextime-solve-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function solve(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'bin/solve.ts'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('solve CLI', () => {
  it('solves NL4, writes a RobinX solution and ends stdout with the JSON summary', () => {
    const out = join(work, 'nl4.xml');
    const readme = join(work, 'README.md');
    writeFileSync(readme, '| instance | teams | best |\n|---|---|---|\n| NL4 | 4 | 8276 |\n');
    const res = solve([fixture, '--iterations', '100000', '--seed', '3', '--out', out, '--best-known', readme]);
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1]);
    expect(Object.keys(summary)).toEqual([
      'instance',
      'teams',
      'objective',
      'infeasibility',
      'best_known',
      'gap_pct',
      'seconds',
      'seed',
    ]);
    expect(summary).toMatchObject({ instance: 'NL4', teams: 4, infeasibility: 0, best_known: 8276, seed: 3 });
    expect(summary.objective).toBe(8276);
    expect(summary.gap_pct).toBe(0);
    expect(res.stderr).toMatch(/solving NL4/);

    const solution = parseRobinxSolution(readFileSync(out, 'utf8'));
    expect(solution.objective).toBe(summary.objective);
    const problem = ttpFromRobinx(parseRobinxInstance(readFileSync(fixture, 'utf8')));
    const check = checkTtpSchedule(problem, gamesToCells(4, 6, solution.games));
    expect(check.errors).toEqual([]);
    expect(check.feasible).toBe(true);
    expect(check.travel).toBe(summary.objective);
  });

  it('fails with one clear line on bad arguments, a missing file or malformed XML', () => {
    const noBudget = solve([fixture]);
    expect(noBudget.code).not.toBe(0);
    expect(noBudget.stderr).toMatch(/give --seconds or --iterations/);

    const badNumber = solve([fixture, '--seconds', 'soon']);
    expect(badNumber.code).not.toBe(0);
    expect(badNumber.stderr).toMatch(/--seconds must be a positive number/);

    const missing = solve([join(work, 'nope.xml'), '--seconds', '1']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/no such instance file/);

    const bad = join(work, 'bad.xml');
    writeFileSync(bad, '<Instance><Teams></Instance>');
    const malformed = solve([bad, '--seconds', '1']);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr.trim().split('\n')).toHaveLength(1);
    expect(malformed.stderr).toMatch(/malformed XML/);
    expect(malformed.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('solves an ITC2021 constraint instance: objective = soft penalty, infeasibility = hard violations of the written solution', () => {
    const out = join(work, 'itc.xml');
    const res = solve([itcFixture, '--iterations', '60000', '--workers', '2', '--seed', '5', '--out', out]);
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '');
    expect(summary).toMatchObject({ instance: 'ITC tiny', teams: 6, infeasibility: 0, best_known: null, seed: 5 });
    expect(res.stderr).toMatch(/solving ITC tiny: 6 teams, 10 slots, 14 constraints/);

    // re-score the written solution from scratch
    const inst = parseRobinxInstance(readFileSync(itcFixture, 'utf8'));
    const problem = itc2021Problem(inst);
    const solution = parseRobinxSolution(readFileSync(out, 'utf8'));
    expect(solution).toMatchObject({ objective: summary.objective, infeasibility: 0 });
    expect(solution.games).toHaveLength(30);
    const grid = gridFromGames(
      6,
      Int32Array.from({ length: 10 }, (_, r) => r),
      solution.games,
    );
    const report = evaluateGrid(grid, compileProblem(problem));
    expect(report.hardViolations).toBe(0);
    expect(report.softPenalty).toBe(summary.objective);
    const pairs = new Map<string, number>();
    for (const g of solution.games) {
      const key = [Math.min(g.home, g.away), Math.max(g.home, g.away)].join('-');
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
    expect([...pairs.values()].every((count) => count === 2)).toBe(true);
    expect(pairs.size).toBe(15);
  });

  it('reports an ITC2021 instance whose hard constraints contradict each other as infeasible (exit 3), naming them', () => {
    const xml = readFileSync(itcFixture, 'utf8').replace(
      '<CapacityConstraints>',
      // team 0 may play no home game at all, yet it must host five
      '<CapacityConstraints>\n      <CA1 max="0" min="0" mode="H" penalty="1" slots="0;1;2;3;4;5;6;7;8;9" teams="0" type="HARD"/>',
    );
    const instance = join(work, 'itc-infeasible.xml');
    writeFileSync(instance, xml);
    const out = join(work, 'itc-infeasible.solution.xml');
    const res = solve([instance, '--iterations', '20000', '--out', out]);
    expect(res.code).toBe(3);
    const summary = JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '');
    expect(summary.infeasibility).toBeGreaterThanOrEqual(5);
    expect(summary.gap_pct).toBeNull();
    expect(res.stderr).toMatch(/hard violations \(.*CA1/);
    expect(parseRobinxSolution(readFileSync(out, 'utf8')).infeasibility).toBe(summary.infeasibility);
  });

  it('refuses a constraint instance it cannot build (single round robin, relaxed, wrong slot count) with one clear line', () => {
    const xml = readFileSync(itcFixture, 'utf8');
    const variants = {
      single: xml.replace('<numberRoundRobin>2</numberRoundRobin>', '<numberRoundRobin>1</numberRoundRobin>'),
      relaxed: xml.replace('<compactness>C</compactness>', '<compactness>R</compactness>'),
      slots: xml.replace('<slot id="9" name="Slot 9"/>', '<slot id="9" name="Slot 9"/><slot id="10" name="Slot 10"/>'),
    };
    for (const [name, text] of Object.entries(variants)) {
      const instance = join(work, `itc-${name}.xml`);
      writeFileSync(instance, text);
      const res = solve([instance, '--iterations', '1000']);
      expect(res.code).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(/only compact double round robins of an even number of teams are supported/);
    }
  });

  it('refuses --runs for a constraint instance', () => {
    const res = solve([itcFixture, '--iterations', '1000', '--runs', '3']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/--runs applies to Traveling Tournament instances only/);
  });

  it("--check scores a solution file as RobinX's validator does, names violated hard constraints, catches a wrong declared value", () => {
    const solutions = join(repo, 'test/fixtures/robinx/solutions');
    const early1 = join(repo, 'test/fixtures/robinx/ITC2021_Early_1.xml');
    const infeasible = solve([early1, '--check', join(solutions, 'ITC2021_Early_1.rounds-0-20.xml')]);
    expect(infeasible.code).toBe(3);
    expect(infeasible.stderr).toMatch(/hard constraints violated: .*phased/);
    const line = JSON.parse(infeasible.stdout.trim().split('\n').at(-1) ?? '{}');
    // the figures RobinX's validator computed for this file (it declares them)
    expect(line).toMatchObject({ instance: 'Early 1', objective: 1872, infeasibility: 41, gap_pct: null });
    expect(line.declared).toEqual({ objective: 1872, infeasibility: 41 });

    const readme = join(work, 'README-check.md');
    writeFileSync(readme, '| instance | teams | best |\n|---|---|---|\n| NL4 | 4 | 8276 |\n');
    const solved = solve([fixture, '--check', join(solutions, 'NL4.solved.xml'), '--best-known', readme]);
    expect(solved.code).toBe(0);
    expect(JSON.parse(solved.stdout.trim())).toMatchObject({ objective: 8276, infeasibility: 0, gap_pct: 0 });

    const wrong = join(work, 'wrong.xml');
    writeFileSync(
      wrong,
      readFileSync(join(solutions, 'NL4.solved.xml'), 'utf8').replace('objective="8276"', 'objective="8000"'),
    );
    const mismatch = solve([fixture, '--check', wrong]);
    expect(mismatch.code).toBe(4);
    expect(mismatch.stderr).toMatch(
      /declares objective 8000, infeasibility 0; computed objective 8276, infeasibility 0/,
    );

    const missing = solve([fixture, '--check', join(work, 'absent.xml')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no such solution file/);
  });
});
