// `flextime compose [--check]`: composes the four subgraphs' SDL (schema.graphql + kit/shared-types.graphql) into
// gateway/supergraph.graphql with @apollo/composition, and registers the REST shim's operation documents as the trusted
// documents of production (gateway/persisted-documents.json). --check writes nothing and fails when either is stale.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildManifest, MANIFEST_FILE } from '../../gateway/auth/trusted-documents.ts';
import { composeSupergraph, SUPERGRAPH_FILE, type SubgraphSource } from '../../gateway/composition.ts';
import { DEFAULT_PORTS, SUBGRAPH_NAMES } from '../../gateway/config.ts';
import { loadOperations } from '../../gateway/rest/operations.ts';
import { subgraphSdl } from '../../subgraphs/kit/sdl.ts';

/** The subgraph SDLs as committed, with the default local URLs (the gateway overrides URLs from env at run time). */
export function subgraphSources(root = new URL('../../', import.meta.url)): SubgraphSource[] {
  return SUBGRAPH_NAMES.map((name) => {
    const dir = new URL(`subgraphs/${name}/`, root);
    if (!existsSync(new URL('schema.graphql', dir))) throw new Error(`missing subgraphs/${name}/schema.graphql`);
    return { name, url: `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`, typeDefs: subgraphSdl(dir) };
  });
}

/** The persisted-documents manifest: every REST operation, exactly as the shim sends it. */
export function persistedDocuments(): string {
  const operations = [...loadOperations().values()].map((op) => ({
    name: `${op.version}/${op.name}`,
    type: op.type,
    body: op.source,
  }));
  return `${JSON.stringify(buildManifest(operations), null, 2)}\n`;
}

/** Writes `content` to `target` unless it is current; with `check`, only reports. Returns whether it was current. */
function syncFile(target: string, content: string, check: boolean, label: string, note = ''): boolean {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current === content) {
    console.log(`${label} ${check ? 'is up to date' : 'unchanged'}${note}`);
    return true;
  }
  if (check) {
    console.error(`${label} is stale: run \`npm run compose\` and commit it`);
    return false;
  }
  writeFileSync(target, content);
  console.log(`wrote ${label} (${content.length} bytes)${note}`);
  return false;
}

export async function run(args: string[]): Promise<number | undefined> {
  const check = args.includes('--check');
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length) throw new Error(`unknown argument '${unknown[0]}' (usage: flextime compose [--check])`);
  const { supergraphSdl, hints } = composeSupergraph(subgraphSources());
  for (const hint of hints) console.warn(`hint: ${hint}`);
  const fresh = [
    syncFile(
      fileURLToPath(SUPERGRAPH_FILE),
      supergraphSdl,
      check,
      'gateway/supergraph.graphql',
      ` (${hints.length} hint(s))`,
    ),
    syncFile(fileURLToPath(MANIFEST_FILE), persistedDocuments(), check, 'gateway/persisted-documents.json'),
  ];
  return check && fresh.includes(false) ? 1 : 0;
}
