import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lookupBestKnown, parseBestKnown, parseLowerBounds } from '../../scheduling/robinx/best-known.ts';
import { parseRobinxInstance, parseRobinxSolution, RobinxError } from '../../scheduling/robinx/reader.ts';
import { scoreRobinxSolution } from '../../scheduling/robinx/score.ts';
import { writeRobinxSolution } from '../../scheduling/robinx/writer.ts';
import { ttpFromRobinx } from '../../scheduling/ttp/problem.ts';
import { canonicalSchedule } from '../../scheduling/ttp/schedule.ts';
import { cellsToGames, gamesToCells } from '../../scheduling/ttp/validate.ts';

const fixture = fileURLToPath(new URL('../fixtures/robinx/NL4.xml', import.meta.url));
const benchmarks = fileURLToPath(new URL('../../../shared/benchmarks/', import.meta.url));
const nl4 = readFileSync(fixture, 'utf8');

describe('RobinX instance reader', () => {
  it('reads a TravelOptimization instance: teams, slots, distances, CA3 and SE1', () => {
    const inst = parseRobinxInstance(nl4);
    expect(inst.name).toBe('NL4');
    expect(inst.objective).toBe('TR');
    expect(inst.roundRobins).toBe(2);
    expect(inst.compactness).toBe('C');
    expect(inst.teams.map((t) => t.name)).toEqual(['ATL', 'NYM', 'PHI', 'MON']);
    expect(inst.slots).toHaveLength(6);
    expect(inst.distances?.[0 * 4 + 1]).toBe(745);
    expect(inst.distances?.[3 * 4 + 2]).toBe(380);
    expect(inst.constraints.map((c) => c.type)).toEqual(['CA3', 'CA3', 'SE1']);
    const [home, away, se1] = inst.constraints;
    expect(home).toMatchObject({ type: 'CA3', hard: true, intp: 4, max: 3, mode1: 'H', teams1: [0, 1, 2, 3] });
    expect(away).toMatchObject({ type: 'CA3', mode1: 'A' });
    expect(se1).toMatchObject({ type: 'SE1', hard: true, min: 1, teams: [0, 1, 2, 3] });
    const problem = ttpFromRobinx(inst);
    expect(problem).toMatchObject({ n: 4, rounds: 6, maxHome: 3, windowHome: 4, maxAway: 3, minSeparation: 1 });
  });

  it('reads every instance of the fixtures, and of the shared benchmarks when that directory is present', () => {
    const fixtures = fileURLToPath(new URL('../fixtures/robinx/', import.meta.url));
    const dirs = [fixtures, `${benchmarks}ttp/`, `${benchmarks}itc2021/`].filter((d) => existsSync(d));
    const files = dirs.flatMap((d) =>
      readdirSync(d)
        .filter((f) => f.endsWith('.xml'))
        .map((f) => `${d}${f}`),
    );
    // the fixtures alone hold a TravelOptimization instance and two ITC2021-format ones
    expect(files.length).toBeGreaterThanOrEqual(3);
    const kinds = new Set<string>();
    for (const file of files) {
      const inst = parseRobinxInstance(readFileSync(file, 'utf8'));
      kinds.add(inst.objective);
      expect(inst.teams.length).toBeGreaterThanOrEqual(4);
      expect(inst.slots.length).toBe(2 * (inst.teams.length - 1));
      expect(inst.constraints.length).toBeGreaterThan(0);
      if (inst.objective === 'TR') expect(ttpFromRobinx(inst).n).toBe(inst.teams.length);
      else {
        expect(inst.objective).toBe('SC');
        expect(inst.constraints.some((c) => !c.hard)).toBe(true);
        // ITC2021 instances carry soft constraints the TTP solver refuses by name.
        expect(() => ttpFromRobinx(inst)).toThrow(RobinxError);
      }
    }
    expect([...kinds].sort()).toEqual(['SC', 'TR']);
  });

  it('reads ITC2021 constraint attributes (inline copy of the competition format)', () => {
    const xml = `<?xml version="1.0"?><Instance><MetaData><InstanceName>Tiny ITC</InstanceName></MetaData>
      <Structure><Format leagueIds="0"><numberRoundRobin>2</numberRoundRobin><compactness>C</compactness><gameMode>P</gameMode></Format></Structure>
      <ObjectiveFunction><Objective>SC</Objective></ObjectiveFunction>
      <Resources><Teams><team id="0" league="0" name="A"/><team id="1" league="0" name="B"/><team id="2" league="0" name="C"/><team id="3" league="0" name="D"/></Teams>
      <Slots><slot id="0" name="S0"/><slot id="1" name="S1"/><slot id="2" name="S2"/><slot id="3" name="S3"/><slot id="4" name="S4"/><slot id="5" name="S5"/></Slots></Resources>
      <Constraints>
        <CapacityConstraints>
          <CA1 max="0" min="0" mode="H" penalty="1" slots="0" teams="1" type="HARD"/>
          <CA2 max="1" min="0" mode1="HA" mode2="GLOBAL" penalty="5" slots="0;1;2" teams1="0" teams2="1;2" type="SOFT"/>
          <CA3 intp="3" max="2" min="0" mode1="A" mode2="SLOTS" penalty="1" teams1="0;1" teams2="0;1;2;3" type="HARD"/>
          <CA4 max="1" min="0" mode1="H" mode2="EVERY" penalty="5" slots="2" teams1="2;3" teams2="0;1" type="SOFT"/>
        </CapacityConstraints>
        <GameConstraints><GA1 max="1" meetings="0,1;2,3;" min="0" penalty="1" slots="4;5" type="HARD"/></GameConstraints>
        <BreakConstraints>
          <BR1 intp="1" mode1="LEQ" mode2="HA" penalty="1" slots="1;2" teams="3" type="HARD"/>
          <BR2 intp="4" homeMode="HA" mode2="LEQ" penalty="1" slots="0;1;2;3;4;5" teams="0;1;2;3" type="SOFT"/>
        </BreakConstraints>
        <FairnessConstraints><FA2 intp="1" mode="H" penalty="10" slots="0;1;2;3;4;5" teams="0;1;2;3" type="SOFT"/></FairnessConstraints>
        <SeparationConstraints><SE1 mode1="SLOTS" min="2" penalty="10" teams="0;1;2;3" type="SOFT"/></SeparationConstraints>
      </Constraints></Instance>`;
    const inst = parseRobinxInstance(xml);
    expect(inst.gameMode).toBe('P');
    expect(inst.distances).toBeNull();
    const byType = Object.fromEntries(inst.constraints.map((c) => [c.type, c]));
    expect(byType.CA1).toMatchObject({ hard: true, teams: [1], slots: [0], max: 0, mode: 'H' });
    expect(byType.CA2).toMatchObject({
      hard: false,
      penalty: 5,
      teams1: [0],
      teams2: [1, 2],
      slots: [0, 1, 2],
      mode1: 'HA',
    });
    expect(byType.CA3).toMatchObject({ intp: 3, max: 2, mode1: 'A', mode2: 'SLOTS', teams1: [0, 1] });
    expect(byType.CA4).toMatchObject({ mode2: 'EVERY', teams1: [2, 3], slots: [2] });
    expect(byType.GA1).toMatchObject({
      meetings: [
        [0, 1],
        [2, 3],
      ],
      slots: [4, 5],
      max: 1,
    });
    expect(byType.BR1).toMatchObject({ intp: 1, mode2: 'HA', teams: [3], slots: [1, 2] });
    expect(byType.BR2).toMatchObject({ intp: 4, homeMode: 'HA', hard: false });
    expect(byType.FA2).toMatchObject({ intp: 1, mode: 'H', penalty: 10 });
    expect(byType.SE1).toMatchObject({ min: 2, max: null, hard: false });
  });

  it('rejects malformed XML with a clear error, never a crash', () => {
    expect(() => parseRobinxInstance('<Instance><Teams></Instance>')).toThrow(/malformed XML at line \d+/);
    expect(() => parseRobinxInstance('')).toThrow(/empty document/);
    expect(() => parseRobinxInstance('<Other/>')).toThrow(/no <Instance> root/);
    expect(() =>
      parseRobinxInstance(
        nl4.replace('<distance dist="745" team1="0" team2="1"/>', '<distance dist="x" team1="0" team2="1"/>'),
      ),
    ).toThrow(/'dist' is not a number/);
  });

  it('names an unsupported constraint type', () => {
    const withCa5 = nl4.replace(
      '<CapacityConstraints>',
      '<CapacityConstraints><CA5 max="1" min="0" penalty="1" teams="0" type="HARD"/>',
    );
    expect(() => parseRobinxInstance(withCa5)).toThrow(/unsupported constraint type CA5/);
    const withSe2 = nl4.replace('<SE1 ', '<SE2 ');
    expect(() => parseRobinxInstance(withSe2)).toThrow(RobinxError);
    expect(() => parseRobinxInstance(withSe2)).toThrow(/SE2/);
  });

  it('refuses instances the TTP solver cannot handle, naming the reason', () => {
    const soft = nl4.replace(
      '<SE1 max="6" min="1" penalty="1" teamGroups="0" type="HARD"/>',
      '<SE1 max="6" min="1" penalty="1" teamGroups="0" type="SOFT"/>',
    );
    expect(() => ttpFromRobinx(parseRobinxInstance(soft))).toThrow(/SOFT constraints are not supported/);
    const noDistances = nl4.replace(/<Distances>[\s\S]*<\/Distances>/, '<Distances/>');
    expect(() => ttpFromRobinx(parseRobinxInstance(noDistances))).toThrow(/no distance matrix/);
  });
});

describe('RobinX solution writer', () => {
  it('round-trips a schedule through the Solution format', () => {
    const cells = canonicalSchedule(6);
    const games = cellsToGames(6, cells);
    const xml = writeRobinxSolution({
      instanceName: 'NL6 & friends',
      solutionName: 'test',
      objective: 12345,
      infeasibility: 0,
      games,
    });
    expect(xml).toContain('<ObjectiveValue infeasibility="0" objective="12345"/>');
    expect(xml).toContain('<InstanceName>NL6 &amp; friends</InstanceName>');
    const back = parseRobinxSolution(xml);
    expect(back.instanceName).toBe('NL6 & friends');
    expect(back.objective).toBe(12345);
    expect(back.infeasibility).toBe(0);
    expect(back.games).toHaveLength(30);
    expect(gamesToCells(6, 10, back.games)).toEqual(cells);
  });

  it('rejects a malformed solution', () => {
    expect(() => parseRobinxSolution('<Solution><Games>')).toThrow(/malformed XML/);
    expect(() => parseRobinxSolution('<Solution><Games><ScheduledMatch home="0"/></Games></Solution>')).toThrow(/away/);
  });
});

describe('best-known table', () => {
  it('parses markdown rows and inline lists', () => {
    const table = parseBestKnown(
      '| NL4   | 4  | 8276 |\n|---|---|---|\n| CIRC10| 10 | 242 |\nBest known penalties: Early_1 = 362, Middle_9 = 415.',
    );
    expect(lookupBestKnown(table, 'NL4')).toBe(8276);
    expect(lookupBestKnown(table, 'CIRC10')).toBe(242);
    expect(lookupBestKnown(table, 'Early 1')).toBe(362);
    expect(lookupBestKnown(table, 'nothing', 'ITC2021_Middle_9')).toBe(415);
    expect(lookupBestKnown(table, 'NL99')).toBeUndefined();
  });

  it('reads lower bounds from the column headed "lower bound" (a dash: none), not the best known', () => {
    const readme =
      '| instance | teams | lower bound | best known upper bound |\n|---|---|---|---|\n' +
      '| NL6 | 6 | – | 23916 |\n| NL12 | 12 | 108629 | 110729 |\n| CIRC14 | 14 | 588 | 616 |\n\n| other | 1 |\n| NL4 | 8276 |\n';
    const bounds = parseLowerBounds(readme);
    expect(lookupBestKnown(bounds, 'NL12')).toBe(108629);
    expect(lookupBestKnown(bounds, 'CIRC14')).toBe(588);
    expect(lookupBestKnown(bounds, 'NL6')).toBeUndefined();
    expect(lookupBestKnown(bounds, 'NL4')).toBeUndefined();
    expect(lookupBestKnown(parseBestKnown(readme), 'NL12')).toBe(110729);
  });
});

describe("scores as RobinX's own validator computes them", () => {
  // Each file in fixtures/robinx/solutions carries, as its ObjectiveValue, what RobinX's validator (RobinX 2.0,
  // `RobinX -i <instance> -s <solution>`) printed for it: a solved schedule of the instance named by the file's first
  // part and two mutants with hard violations (rounds swapped across the phases, a pair's venues swapped).
  const dir = fileURLToPath(new URL('../fixtures/robinx/', import.meta.url));
  const files = readdirSync(`${dir}solutions`).filter((f) => f.endsWith('.xml'));

  it('has a solved schedule and hard-violation mutants for a TTP, an ITC2021, the synthetic instance and the gameMode variants', () => {
    // NL4, Early 1, ITC-tiny; NL6 mirrored and phased, ITC-tiny mirrored (each with a schedule lacking its gameMode)
    expect(files.filter((f) => f.endsWith('.solved.xml'))).toHaveLength(6);
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s', (file) => {
    const instance = parseRobinxInstance(readFileSync(`${dir}${file.split('.')[0]}.xml`, 'utf8'));
    const solution = parseRobinxSolution(readFileSync(`${dir}solutions/${file}`, 'utf8'));
    const score = scoreRobinxSolution(instance, solution.games);
    expect({ objective: score.objective, infeasibility: score.infeasibility }).toEqual({
      objective: solution.objective,
      infeasibility: solution.infeasibility,
    });
    expect(score.failing.length > 0).toBe(solution.infeasibility > 0);
  });

  it('refuses a game naming a team the instance does not have, and a schedule that is not a double round robin', () => {
    const instance = parseRobinxInstance(nl4);
    expect(() => scoreRobinxSolution(instance, [{ home: 0, away: 9, slot: 0 }])).toThrow(/names no team or slot/);
    // an incomplete or double-booked schedule is refused, not scored on what is there
    const games = parseRobinxSolution(readFileSync(`${dir}solutions/NL4.solved.xml`, 'utf8')).games;
    expect(() => scoreRobinxSolution(instance, games.slice(1))).toThrow(
      new RegExp(`not a complete double round robin \\(team ${games[0].home} hosts team ${games[0].away} 0 times\\)`),
    );
    const twice = games.map((g, i) => (i === 0 ? { ...g, slot: (g.slot + 1) % 6 } : g));
    expect(() => scoreRobinxSolution(instance, twice)).toThrow(/plays twice in slot/);
  });
});
