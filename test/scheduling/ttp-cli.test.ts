import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRobinxInstance, parseRobinxSolution } from '../../scheduling/robinx/reader.ts';
import { ttpFromRobinx } from '../../scheduling/ttp/problem.ts';
import { checkTtpSchedule, gamesToCells } from '../../scheduling/ttp/validate.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const fixture = join(repo, 'test/fixtures/robinx/NL4.xml');
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
});
