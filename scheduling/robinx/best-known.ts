// Best-known objective values from a benchmarks README: markdown table rows `| NL4 | 4 | 8276 |` (the last numeric
// cell is the value) and prose like `Early_1 = 362, Early_2 = 144`. Pure text parsing.

/** Maps instance names (as written in the README) to best-known objective values. */
export function parseBestKnown(readme: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readme.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('|')) {
      const cells = trimmed
        .split('|')
        .map((c) => c.trim())
        .filter((c) => c !== '');
      if (cells.length < 2 || !/^[A-Za-z][\w.-]*$/.test(cells[0])) continue;
      const numeric = cells.slice(1).filter((c) => /^\d+(\.\d+)?$/.test(c));
      if (numeric.length === 0) continue;
      out.set(cells[0], Number(numeric[numeric.length - 1]));
      continue;
    }
    for (const m of trimmed.matchAll(/\b([A-Za-z][\w-]*)\s*=\s*(\d+(?:\.\d+)?)/g)) out.set(m[1], Number(m[2]));
  }
  return out;
}

function normalise(name: string): string {
  return name
    .toLowerCase()
    .replace(/^itc2021[_ ]/, '')
    .replace(/\.xml$/, '')
    .replace(/[\s_-]+/g, '_');
}

/** Looks an instance up by its name or file base name ("Early 1", "ITC2021_Early_1", "NL12"); undefined when unknown. */
export function lookupBestKnown(table: Map<string, number>, ...names: string[]): number | undefined {
  for (const name of names) {
    const key = normalise(name);
    for (const [k, v] of table) if (normalise(k) === key) return v;
  }
  return undefined;
}

/**
 * Lower bounds from a benchmarks README: the cells of the column headed "lower bound" in its markdown tables (a dash or
 * an empty cell: none).
 */
export function parseLowerBounds(readme: string): Map<string, number> {
  const out = new Map<string, number>();
  let column = -1;
  for (const line of readme.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('|')) {
      column = -1;
      continue;
    }
    const cells = trimmed
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const header = cells.findIndex((c) => /lower bound/i.test(c));
    if (header >= 0) {
      column = header;
      continue;
    }
    if (column < 0 || !/^[A-Za-z][\w.-]*$/.test(cells[0] ?? '')) continue;
    const value = cells[column];
    if (value !== undefined && /^\d+(\.\d+)?$/.test(value)) out.set(cells[0], Number(value));
  }
  return out;
}

/**
 * Best known values and lower bounds of mirrored Traveling Tournament instances (gameMode M), which the benchmarks
 * README lists only in prose: RobinX repository, Repository/TravelOptimization (NL12 mirrored: Santos & Carvalho
 * 2018). A plain instance's best known is no yardstick for its mirrored variant (the mirror is a restriction).
 */
export const MIRRORED_REFERENCES: ReadonlyMap<string, { best: number; lower: number }> = new Map([
  ['NL12', { best: 119608, lower: 111116 }],
]);
