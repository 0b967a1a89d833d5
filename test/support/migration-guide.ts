// The operators' migration guide (../shared/reference/migration-guide.md, outside this repository) read at run time
// and taken apart into what an operator would run: every fenced `sql` and `bash` block, split into statements and
// command lines, each classified. The conformance tests (test/db/migration-guide*.test.ts) run what it documents;
// nothing of the guide is copied into the repository.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the guide lives: beside the checkout (`../shared/reference/`), or FLEXTIME_MIGRATION_GUIDE. */
export const GUIDE_PATH =
  process.env.FLEXTIME_MIGRATION_GUIDE ||
  fileURLToPath(new URL('../../../shared/reference/migration-guide.md', import.meta.url));

export interface GuideBlock {
  lang: string;
  text: string;
  /** The nearest heading above the block. */
  section: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/**
 * - query: a SELECT/WITH statement, run against a migrated and seeded database;
 * - sketch: a DDL outline containing `...` (table/column names checked against the catalog, never executed);
 * - role: `CREATE USER|ROLE` (the Prerequisites; run on a fresh cluster);
 * - rollback: `DROP SCHEMA …` (the partial rollback, with the restore command beside it);
 * - command: one shell command line (pg_dump / psql);
 * - unknown: anything else — the conformance test fails on it until it is taught to run it.
 */
export type StatementKind = 'query' | 'sketch' | 'role' | 'rollback' | 'command' | 'unknown';

export interface GuideStatement {
  kind: StatementKind;
  /** The statement or command line as the guide writes it (comments dropped, whitespace kept). */
  text: string;
  block: GuideBlock;
}

/** The guide's text, or null when it is not there. */
export function readGuide(path: string = GUIDE_PATH): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

export function fencedBlocks(markdown: string): GuideBlock[] {
  const blocks: GuideBlock[] = [];
  const lines = markdown.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = lines[i].match(/^#+\s+(.*)$/);
    if (heading) section = heading[1].trim();
    const open = lines[i].match(/^(\s*)```\s*([\w-]*)\s*$/);
    if (!open) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) body.push(lines[j++]);
    blocks.push({ lang: open[2].toLowerCase(), text: body.join('\n'), section, line: i + 1 });
    i = j;
  }
  return blocks;
}

const SHELL_LINE = /^\s*(psql|pg_dump|pg_restore|createdb|dropdb)\s/;

/** Splits SQL text on top-level semicolons (outside quotes and comments); comments are dropped. */
export function splitSql(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const stop = end < 0 ? text.length : end + 1;
      current += text.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === ';') {
      out.push(current);
      current = '';
    } else current += c;
    i++;
  }
  out.push(current);
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

function classifySql(statement: string): StatementKind {
  if (/^(select|with)\b/i.test(statement)) return 'query';
  if (/^create\s+(user|role)\b/i.test(statement)) return 'role';
  if (/^drop\s+schema\b/i.test(statement)) return 'rollback';
  return 'unknown';
}

/** Every statement and command line of the guide's `sql` and `bash` blocks, classified, in document order. */
export function guideStatements(markdown: string): GuideStatement[] {
  const out: GuideStatement[] = [];
  for (const block of fencedBlocks(markdown)) {
    if (block.lang === 'sql') {
      if (/\.\.\.|…/.test(block.text)) {
        out.push({ kind: 'sketch', text: block.text, block });
        continue;
      }
      // A restore command may sit inside an sql block (the partial rollback): shell lines are commands.
      const shell = block.text.split('\n').filter((l) => SHELL_LINE.test(l));
      const sqlText = block.text
        .split('\n')
        .filter((l) => !SHELL_LINE.test(l))
        .join('\n');
      for (const s of splitSql(sqlText)) out.push({ kind: classifySql(s), text: s, block });
      for (const l of shell) out.push({ kind: 'command', text: l.trim(), block });
    } else if (block.lang === 'bash' || block.lang === 'sh' || block.lang === 'shell') {
      for (const l of block.text.split('\n')) {
        const line = l.trim();
        if (!line || line.startsWith('#')) continue;
        out.push({ kind: SHELL_LINE.test(line) ? 'command' : 'unknown', text: line, block });
      }
    }
  }
  return out;
}

export interface SketchColumn {
  name: string;
  /** The guide's type as written, e.g. 'VARCHAR(100)', 'SERIAL'. */
  type: string;
  notNull: boolean;
}
export interface SketchRelation {
  /** schema.name */
  relation: string;
  columns: SketchColumn[];
}

/**
 * The tables and columns a DDL sketch names: `schema.table ( col TYPE …, … )` outlines and
 * `CREATE MATERIALIZED VIEW schema.view AS SELECT a.col, b.col AS alias, …` (its output column names).
 */
export function sketchRelations(sketch: string): SketchRelation[] {
  const text = sketch
    .split('\n')
    .map((l) => l.replace(/--.*$/, ''))
    .join('\n');
  const out: SketchRelation[] = [];
  for (const m of text.matchAll(/^\s*(\w+\.\w+)\s*\(([\s\S]*?)\n\s*\);/gm)) {
    const columns: SketchColumn[] = [];
    for (const raw of m[2].split('\n')) {
      const col = raw.trim().match(/^(\w+)\s+([A-Za-z]+(?:\(\d+(?:,\s*\d+)?\))?)(.*?),?$/);
      if (col)
        columns.push({ name: col[1], type: col[2].toUpperCase(), notNull: /not null|primary key/i.test(col[3]) });
    }
    out.push({ relation: m[1], columns });
  }
  for (const m of text.matchAll(/create\s+materialized\s+view\s+(\w+\.\w+)\s+as\s+select\s+([\s\S]*?)\bfrom\b/gi)) {
    const columns = m[2]
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c && !/^\.\.\.|…/.test(c))
      .map((c) => ({
        name: (c.match(/\bas\s+(\w+)$/i)?.[1] ?? c.split('.').at(-1)) as string,
        type: '',
        notNull: false,
      }));
    out.push({ relation: m[1], columns });
  }
  return out;
}
