// Every REST route runs one named GraphQL operation kept as a file: gateway/rest/v1/<Name>.graphql and
// gateway/rest/v2/<Name>.graphql. Each file holds exactly one operation named like the file (fragments
// allowed). Fragments used by several files of a version are kept once in that version's fragments.graphql; the
// loader appends to each operation the shared fragments it spreads (transitively), so every route still sends one
// self-contained document. Loaded and parsed once at startup; a test validates every operation against the supergraph.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DefinitionNode, type DocumentNode, Kind, parse, visit } from 'graphql';

/** The file in each version folder that holds only shared fragments (not an operation). */
export const FRAGMENTS_FILE = 'fragments.graphql';

export interface OperationFile {
  name: string;
  version: 'v1' | 'v2';
  /** Absolute path of the file, for error messages and tests. */
  file: string;
  source: string;
  type: 'query' | 'mutation' | 'subscription';
}

export const OPERATION_DIRS = {
  v1: fileURLToPath(new URL('./v1/', import.meta.url)),
  v2: fileURLToPath(new URL('./v2/', import.meta.url)),
} as const;

export function loadOperations(dirs: Record<'v1' | 'v2', string> = OPERATION_DIRS): Map<string, OperationFile> {
  const ops = new Map<string, OperationFile>();
  for (const version of ['v1', 'v2'] as const) {
    const dir = dirs[version];
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
    } catch {
      continue;
    }
    const path = (f: string) => `${dir}${dir.endsWith('/') ? '' : '/'}${f}`;
    const shared = files.includes(FRAGMENTS_FILE) ? loadFragments(path(FRAGMENTS_FILE), version) : new Map();
    for (const f of files.filter((x) => x !== FRAGMENTS_FILE).sort()) {
      const file = path(f);
      const own = readFileSync(file, 'utf8');
      const source = withFragments(own, parse(own), shared);
      const doc = parse(source);
      const defs = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      const expected = f.slice(0, -'.graphql'.length);
      if (defs.length !== 1 || defs[0].kind !== Kind.OPERATION_DEFINITION || defs[0].name?.value !== expected) {
        throw new Error(`${version}/${f} must contain exactly one operation named ${expected}`);
      }
      const key = `${version}/${expected}`;
      ops.set(key, { name: expected, version, file, source, type: defs[0].operation });
    }
  }
  return ops;
}

/** Fragment name → its source text, from a file that must hold fragment definitions only, each name once. */
function loadFragments(file: string, version: string): Map<string, string> {
  const source = readFileSync(file, 'utf8');
  const fragments = new Map<string, string>();
  for (const d of parse(source).definitions) {
    if (d.kind !== Kind.FRAGMENT_DEFINITION || !d.loc)
      throw new Error(`${version}/${FRAGMENTS_FILE} may only hold fragments`);
    if (fragments.has(d.name.value)) throw new Error(`${version}/${FRAGMENTS_FILE} defines ${d.name.value} twice`);
    fragments.set(d.name.value, source.slice(d.loc.start, d.loc.end));
  }
  return fragments;
}

/** Names of the fragments spread anywhere in the given definitions. */
function spreads(defs: readonly DefinitionNode[]): Set<string> {
  const names = new Set<string>();
  for (const d of defs) {
    visit(d, {
      FragmentSpread(node) {
        names.add(node.name.value);
      },
    });
  }
  return names;
}

/** The operation's own source followed by the shared fragments it spreads, directly or through other fragments. */
function withFragments(source: string, doc: DocumentNode, shared: Map<string, string>): string {
  const defined = new Set(doc.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : [])));
  const added: string[] = [];
  let pending = spreads(doc.definitions);
  while (pending.size > 0) {
    const next: DefinitionNode[] = [];
    for (const name of pending) {
      const text = shared.get(name);
      if (defined.has(name) || text === undefined) continue;
      defined.add(name);
      added.push(text);
      next.push(...parse(text).definitions);
    }
    pending = spreads(next);
  }
  return added.length === 0 ? source : `${source.trimEnd()}\n\n${added.join('\n\n')}\n`;
}

export class OperationRegistry {
  readonly operations: Map<string, OperationFile>;
  constructor(operations: Map<string, OperationFile> = loadOperations()) {
    this.operations = operations;
  }
  /** `get('v1/ListSchedules')` — throws at startup (route registration) when the file is missing. */
  get(key: string): OperationFile {
    const op = this.operations.get(key);
    if (!op) throw new Error(`REST operation file ${key}.graphql is missing`);
    return op;
  }
}
