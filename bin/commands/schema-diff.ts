// `flextime schema-diff <ref>` (npm run schema:diff -- <ref>): the changes of the composed supergraph and of each
// subgraph's SDL between git ref <ref> and the working tree (GraphQL Inspector), breaking ones first. Exit 1 when a
// change is breaking — a removal that did not go through @deprecated first, a type change, a new required argument —
// and 0 otherwise. A ref git does not know (a shallow clone, the first commit) is reported and skipped (exit 0).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SUPERGRAPH_FILE } from '../../gateway/composition.ts';
import { SUBGRAPH_NAMES } from '../../gateway/config.ts';
import { formatChanges, type SchemaKind, schemaChanges } from '../../gateway/schema-compatibility.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARED_TYPES = 'subgraphs/kit/shared-types.graphql';

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/** A file as committed at `ref` (null when absent there). */
const atRef = (ref: string, path: string) => git(['show', `${ref}:${path}`]);
const current = (path: string) => readFileSync(new URL(path, `file://${ROOT}`), 'utf8');

interface Compared {
  name: string;
  kind: SchemaKind;
  before: string | null;
  after: string;
}

function schemasAt(ref: string): Compared[] {
  const supergraphPath = fileURLToPath(SUPERGRAPH_FILE).slice(ROOT.length);
  const sharedBefore = atRef(ref, SHARED_TYPES) ?? '';
  return [
    { name: 'supergraph', kind: 'supergraph', before: atRef(ref, supergraphPath), after: current(supergraphPath) },
    ...SUBGRAPH_NAMES.map((name): Compared => {
      const own = atRef(ref, `subgraphs/${name}/schema.graphql`);
      return {
        name,
        kind: 'subgraph',
        before: own === null ? null : `${own}\n${sharedBefore}`,
        after: `${current(`subgraphs/${name}/schema.graphql`)}\n${current(SHARED_TYPES)}`,
      };
    }),
  ];
}

export async function run(args: string[]): Promise<number | undefined> {
  const [ref, ...rest] = args;
  if (!ref || ref === '--help' || ref === '-h' || rest.length > 0) {
    console.log('usage: flextime schema-diff <git ref>   — supergraph and subgraph SDL changes since <ref>');
    return ref === '--help' || ref === '-h' ? 0 : 2;
  }
  const commit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])?.trim();
  if (!commit) {
    console.log(
      `schema diff: git does not know ${ref} (a shallow clone, or the first commit): nothing to compare, skipped`,
    );
    return 0;
  }
  let breaking = 0;
  for (const schema of schemasAt(commit)) {
    if (schema.before === null) {
      console.log(`${schema.name}: new since ${ref}`);
      continue;
    }
    const changes = await schemaChanges(schema.before, schema.after, schema.kind);
    const count = changes.filter((c) => c.level === 'breaking').length;
    breaking += count;
    console.log(`${schema.name}: ${changes.length} change(s) since ${ref}${count ? `, ${count} breaking` : ''}`);
    for (const line of formatChanges(changes)) console.log(line);
  }
  if (breaking > 0) {
    console.error(
      `schema diff: ${breaking} breaking change(s): deprecate first (@deprecated, released), remove in a later change`,
    );
    return 1;
  }
  return 0;
}
