// RobinX XML reader: TravelOptimization (TTP) and ITC2021 instances, and RobinX solutions, into plain typed data.
// Pure: takes the XML text, never touches the file system.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type {
  HomeAwayMode,
  RobinxConstraint,
  RobinxConstraintType,
  RobinxInstance,
  RobinxSlot,
  RobinxSolution,
  RobinxTeam,
  ScheduledMatch,
} from './types.ts';

/** Thrown for malformed XML, missing required parts or unsupported constructs; the message names the problem. */
export class RobinxError extends Error {
  override name = 'RobinxError';
}

export const SUPPORTED_CONSTRAINT_TYPES: readonly RobinxConstraintType[] = [
  'CA1',
  'CA2',
  'CA3',
  'CA4',
  'GA1',
  'BR1',
  'BR2',
  'FA2',
  'SE1',
];

const CONSTRAINT_SECTIONS = new Set([
  'BasicConstraints',
  'CapacityConstraints',
  'GameConstraints',
  'BreakConstraints',
  'FairnessConstraints',
  'SeparationConstraints',
]);

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  preserveOrder: false,
  // Lists that may hold one element must always parse as arrays.
  isArray: (name, jpath) => {
    const path = String(jpath);
    if (path.startsWith('Instance.Constraints.')) return path.split('.').length === 4;
    return ['distance', 'team', 'slot', 'teamGroup', 'slotGroup', 'league', 'ScheduledMatch'].includes(name);
  },
});

function parseXml(xml: string, what: string): XmlNode {
  if (typeof xml !== 'string' || xml.trim() === '') throw new RobinxError(`${what}: empty document`);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new RobinxError(`${what}: malformed XML at line ${line}, column ${col}: ${msg}`);
  }
  return parser.parse(xml) as XmlNode;
}

function asNode(value: unknown): XmlNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as XmlNode) : {};
}

function asArray(value: unknown): XmlNode[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map(asNode);
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return String((value as XmlNode)['#text'] ?? '');
  return String(value).trim();
}

function int(node: XmlNode, attr: string, where: string, fallback?: number): number {
  const raw = node[attr];
  if (raw === undefined || raw === '') {
    if (fallback !== undefined) return fallback;
    throw new RobinxError(`${where}: missing attribute '${attr}'`);
  }
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new RobinxError(`${where}: attribute '${attr}' is not a number: '${String(raw)}'`);
  return value;
}

function idList(raw: unknown, where: string, attr: string): number[] {
  const s = raw === undefined || raw === null ? '' : String(raw).trim();
  if (s === '') return [];
  return s
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const value = Number(part);
      if (!Number.isInteger(value)) throw new RobinxError(`${where}: '${attr}' holds a non-integer id '${part}'`);
      return value;
    });
}

function mode(raw: unknown, where: string, attr: string): HomeAwayMode {
  const s = String(raw ?? '').trim();
  if (s === 'H' || s === 'A' || s === 'HA') return s;
  throw new RobinxError(`${where}: attribute '${attr}' must be H, A or HA, got '${s}'`);
}

/** Parses a RobinX instance (TravelOptimization or ITC2021). */
export function parseRobinxInstance(xml: string): RobinxInstance {
  const doc = parseXml(xml, 'RobinX instance');
  const root = doc.Instance;
  if (root === undefined) throw new RobinxError('RobinX instance: no <Instance> root element');
  const inst = asNode(root);
  const meta = asNode(inst.MetaData);
  const name = text(meta.InstanceName) || 'unnamed';
  const format = parseFormat(asNode(inst.Structure), name);
  const objective = text(asNode(inst.ObjectiveFunction).Objective);
  const resources = asNode(inst.Resources);

  const teamGroups = new Map<number, number[]>();
  const teams: RobinxTeam[] = asArray(asNode(resources.Teams).team).map((node, i) => {
    const id = int(node, 'id', `team #${i}`);
    const groups = idList(node.teamGroups, `team ${id}`, 'teamGroups');
    for (const g of groups) teamGroups.set(g, [...(teamGroups.get(g) ?? []), id]);
    return {
      id,
      name: text(node.name) || `Team ${id}`,
      league: node.league === undefined ? null : int(node, 'league', `team ${id}`),
      groups,
    };
  });
  if (teams.length < 2) throw new RobinxError(`instance ${name}: needs at least 2 teams, found ${teams.length}`);
  teams.forEach((team, i) => {
    if (team.id !== i)
      throw new RobinxError(`instance ${name}: team ids must be 0..n-1 in order (team #${i} has id ${team.id})`);
  });

  const slotGroups = new Map<number, number[]>();
  const slots: RobinxSlot[] = asArray(asNode(resources.Slots).slot).map((node, i) => {
    const id = int(node, 'id', `slot #${i}`);
    for (const g of idList(node.slotGroups, `slot ${id}`, 'slotGroups'))
      slotGroups.set(g, [...(slotGroups.get(g) ?? []), id]);
    return { id, name: text(node.name) || `Slot${id}` };
  });
  if (slots.length === 0) throw new RobinxError(`instance ${name}: no slots`);
  slots.forEach((slot, i) => {
    if (slot.id !== i)
      throw new RobinxError(`instance ${name}: slot ids must be 0..s-1 in order (slot #${i} has id ${slot.id})`);
  });

  const n = teams.length;
  const distanceNodes = asArray(asNode(asNode(inst.Data).Distances).distance);
  let distances: Float64Array | null = null;
  if (distanceNodes.length > 0) {
    distances = new Float64Array(n * n);
    for (const node of distanceNodes) {
      const t1 = int(node, 'team1', 'distance');
      const t2 = int(node, 'team2', 'distance');
      if (t1 < 0 || t1 >= n || t2 < 0 || t2 >= n)
        throw new RobinxError(`instance ${name}: distance refers to unknown team (${t1}, ${t2})`);
      distances[t1 * n + t2] = int(node, 'dist', `distance ${t1}-${t2}`);
    }
  }

  const constraints = parseConstraints(asNode(inst.Constraints), name, n, slots.length, teamGroups, slotGroups);

  return {
    name,
    objective,
    ...format,
    teams,
    slots,
    distances,
    constraints,
  };
}

/** RobinX game modes the engine models; RobinX's validator also knows I (inverted), E (English) and F (French). */
const GAME_MODES: Record<string, 'M' | 'P' | null> = { M: 'M', P: 'P', NULL: null };
const FORMAT_FIELDS = new Set(['leagueIds', 'numberRoundRobin', 'compactness', 'gameMode']);

/**
 * The one league's format. Every field is read or refused by name: an instance feature the engine does not model
 * (English, French or inverted symmetry, several leagues' formats, additional games) must not be solved as a
 * different problem.
 */
function parseFormat(
  structure: XmlNode,
  name: string,
): Pick<RobinxInstance, 'roundRobins' | 'compactness' | 'gameMode'> {
  const where = `instance ${name}: <Structure>`;
  for (const [field, value] of Object.entries(structure)) {
    if (field === 'Format') continue;
    const empty = value === '' || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
    if (field === 'AdditionalGames' && empty) continue;
    throw new RobinxError(`${where}: <${field}> is not supported (only one <Format> and empty <AdditionalGames>)`);
  }
  const formats =
    structure.Format === undefined ? [] : Array.isArray(structure.Format) ? structure.Format : [structure.Format];
  if (formats.length > 1)
    throw new RobinxError(`${where}: ${formats.length} <Format> elements (one league per instance is supported)`);
  const format = asNode(formats[0]);
  for (const field of Object.keys(format))
    if (!FORMAT_FIELDS.has(field))
      throw new RobinxError(
        `${where} <Format>: field <${field}> is not supported (${[...FORMAT_FIELDS].join(', ')} are)`,
      );
  const modeText = text(format.gameMode) || 'NULL';
  if (!(modeText in GAME_MODES))
    throw new RobinxError(
      `${where} <Format>: <gameMode>${modeText}</gameMode> is not supported (M mirrored, P phased and NULL are; ` +
        'I, E and F symmetries are not modelled)',
    );
  const rr = text(format.numberRoundRobin) || '2';
  if (!/^\d+$/.test(rr)) throw new RobinxError(`${where} <Format>: <numberRoundRobin> is not a number: '${rr}'`);
  const compactness = text(format.compactness) || 'C';
  if (!['C', 'R', 'NULL'].includes(compactness))
    throw new RobinxError(`${where} <Format>: <compactness> must be C, R or NULL, got '${compactness}'`);
  return { roundRobins: Number(rr), compactness, gameMode: GAME_MODES[modeText] };
}

function parseConstraints(
  node: XmlNode,
  instanceName: string,
  n: number,
  s: number,
  teamGroups: Map<number, number[]>,
  slotGroups: Map<number, number[]>,
): RobinxConstraint[] {
  const out: RobinxConstraint[] = [];
  for (const [section, content] of Object.entries(node)) {
    if (!CONSTRAINT_SECTIONS.has(section))
      throw new RobinxError(`instance ${instanceName}: unsupported constraint section <${section}>`);
    for (const [tag, elements] of Object.entries(asNode(content))) {
      if (!(SUPPORTED_CONSTRAINT_TYPES as readonly string[]).includes(tag))
        throw new RobinxError(
          `instance ${instanceName}: unsupported constraint type ${tag} in <${section}> (supported: ${SUPPORTED_CONSTRAINT_TYPES.join(', ')})`,
        );
      for (const el of asArray(elements)) {
        out.push(
          parseConstraint(tag as RobinxConstraintType, el, out.length, instanceName, n, s, teamGroups, slotGroups),
        );
      }
    }
  }
  return out;
}

function parseConstraint(
  type: RobinxConstraintType,
  el: XmlNode,
  index: number,
  instanceName: string,
  n: number,
  s: number,
  teamGroups: Map<number, number[]>,
  slotGroups: Map<number, number[]>,
): RobinxConstraint {
  const where = `instance ${instanceName}: ${type} #${index}`;
  const kind = String(el.type ?? 'HARD').toUpperCase();
  if (kind !== 'HARD' && kind !== 'SOFT') throw new RobinxError(`${where}: type must be HARD or SOFT, got '${kind}'`);
  const common = { hard: kind === 'HARD', penalty: int(el, 'penalty', where, 1), index };

  const teamsOf = (attr: string, groupAttr: string): number[] => {
    const ids = new Set(idList(el[attr], where, attr));
    for (const g of idList(el[groupAttr], where, groupAttr)) {
      const members = teamGroups.get(g);
      if (!members) throw new RobinxError(`${where}: unknown team group ${g}`);
      for (const t of members) ids.add(t);
    }
    const list = [...ids].sort((a, b) => a - b);
    for (const t of list) if (t < 0 || t >= n) throw new RobinxError(`${where}: unknown team ${t}`);
    return list;
  };
  const slotsOf = (): number[] => {
    const ids = new Set(idList(el.slots, where, 'slots'));
    for (const g of idList(el.slotGroups, where, 'slotGroups')) {
      const members = slotGroups.get(g);
      if (!members) throw new RobinxError(`${where}: unknown slot group ${g}`);
      for (const t of members) ids.add(t);
    }
    const list = [...ids].sort((a, b) => a - b);
    for (const t of list) if (t < 0 || t >= s) throw new RobinxError(`${where}: unknown slot ${t}`);
    return list;
  };
  const min = () => int(el, 'min', where, 0);
  const max = () => int(el, 'max', where);

  switch (type) {
    case 'CA1':
      return {
        type,
        ...common,
        teams: teamsOf('teams', 'teamGroups'),
        slots: slotsOf(),
        min: min(),
        max: max(),
        mode: mode(el.mode, where, 'mode'),
      };
    case 'CA2':
      return {
        type,
        ...common,
        teams1: teamsOf('teams1', 'teamGroups1'),
        teams2: teamsOf('teams2', 'teamGroups2'),
        slots: slotsOf(),
        min: min(),
        max: max(),
        mode1: mode(el.mode1, where, 'mode1'),
        mode2: String(el.mode2 ?? 'GLOBAL'),
      };
    case 'CA3':
      return {
        type,
        ...common,
        teams1: teamsOf('teams1', 'teamGroups1'),
        teams2: teamsOf('teams2', 'teamGroups2'),
        intp: int(el, 'intp', where),
        min: min(),
        max: max(),
        mode1: mode(el.mode1, where, 'mode1'),
        mode2: String(el.mode2 ?? 'SLOTS'),
      };
    case 'CA4': {
      const mode2 = String(el.mode2 ?? 'GLOBAL');
      if (mode2 !== 'GLOBAL' && mode2 !== 'EVERY')
        throw new RobinxError(`${where}: mode2 must be GLOBAL or EVERY, got '${mode2}'`);
      return {
        type,
        ...common,
        teams1: teamsOf('teams1', 'teamGroups1'),
        teams2: teamsOf('teams2', 'teamGroups2'),
        slots: slotsOf(),
        min: min(),
        max: max(),
        mode1: mode(el.mode1, where, 'mode1'),
        mode2,
      };
    }
    case 'GA1': {
      const meetings = String(el.meetings ?? '')
        .split(';')
        .map((m) => m.trim())
        .filter((m) => m !== '')
        .map((m): [number, number] => {
          const [h, a] = m.split(',').map((x) => Number(x.trim()));
          if (!Number.isInteger(h) || !Number.isInteger(a) || h < 0 || h >= n || a < 0 || a >= n)
            throw new RobinxError(`${where}: bad meeting '${m}'`);
          return [h, a];
        });
      return { type, ...common, meetings, slots: slotsOf(), min: min(), max: max() };
    }
    case 'BR1':
      return {
        type,
        ...common,
        teams: teamsOf('teams', 'teamGroups'),
        slots: slotsOf(),
        intp: int(el, 'intp', where),
        mode1: String(el.mode1 ?? 'LEQ'),
        mode2: mode(el.mode2, where, 'mode2'),
      };
    case 'BR2':
      return {
        type,
        ...common,
        teams: teamsOf('teams', 'teamGroups'),
        slots: slotsOf(),
        intp: int(el, 'intp', where),
        homeMode: mode(el.homeMode ?? 'HA', where, 'homeMode'),
        mode2: String(el.mode2 ?? 'LEQ'),
      };
    case 'FA2':
      return {
        type,
        ...common,
        teams: teamsOf('teams', 'teamGroups'),
        slots: slotsOf(),
        intp: int(el, 'intp', where),
        mode: mode(el.mode ?? 'H', where, 'mode'),
      };
    case 'SE1':
      return {
        type,
        ...common,
        teams: teamsOf('teams', 'teamGroups'),
        min: min(),
        max: el.max === undefined || el.max === '' ? null : max(),
        mode1: String(el.mode1 ?? 'SLOTS'),
      };
  }
}

/** Parses a RobinX solution file (`<Solution>…<Games><ScheduledMatch home away slot/>…`). */
export function parseRobinxSolution(xml: string): RobinxSolution {
  const doc = parseXml(xml, 'RobinX solution');
  if (doc.Solution === undefined) throw new RobinxError('RobinX solution: no <Solution> root element');
  const sol = asNode(doc.Solution);
  const meta = asNode(sol.MetaData);
  const obj = asNode(meta.ObjectiveValue);
  const games: ScheduledMatch[] = asArray(asNode(sol.Games).ScheduledMatch).map((m, i) => ({
    home: int(m, 'home', `ScheduledMatch #${i}`),
    away: int(m, 'away', `ScheduledMatch #${i}`),
    slot: int(m, 'slot', `ScheduledMatch #${i}`),
  }));
  return {
    instanceName: text(meta.InstanceName),
    solutionName: text(meta.SolutionName),
    objective: int(obj, 'objective', 'ObjectiveValue', 0),
    infeasibility: int(obj, 'infeasibility', 'ObjectiveValue', 0),
    games,
  };
}
