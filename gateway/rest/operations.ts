// Every REST route runs one named GraphQL operation kept as a file: gateway/rest/v1/<Name>.graphql and
// gateway/rest/v2/<Name>.graphql. Each file holds exactly one operation named like the file (fragments
// allowed). Loaded and parsed once at startup; a test validates every file against the supergraph.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kind, parse } from 'graphql';

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
    for (const f of files.sort()) {
      const file = `${dir}${dir.endsWith('/') ? '' : '/'}${f}`;
      const source = readFileSync(file, 'utf8');
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
