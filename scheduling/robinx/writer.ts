// RobinX solution writer: `<Solution><MetaData>…<ObjectiveValue infeasibility objective/></MetaData><Games>…`.
import type { RobinxSolution } from './types.ts';

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Serialises a solution in RobinX's Solution format, games ordered by slot, then home team. */
export function writeRobinxSolution(solution: RobinxSolution): string {
  const games = [...solution.games].sort((a, b) => a.slot - b.slot || a.home - b.home || a.away - b.away);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>',
    '<Solution>',
    '  <MetaData>',
    `    <InstanceName>${escapeXml(solution.instanceName)}</InstanceName>`,
    `    <SolutionName>${escapeXml(solution.solutionName)}</SolutionName>`,
    `    <ObjectiveValue infeasibility="${solution.infeasibility}" objective="${solution.objective}"/>`,
    '  </MetaData>',
    '  <Games>',
    ...games.map((g) => `    <ScheduledMatch home="${g.home}" away="${g.away}" slot="${g.slot}"/>`),
    '  </Games>',
    '</Solution>',
    '',
  ];
  return lines.join('\n');
}
