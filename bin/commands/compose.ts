// `flextime compose [--check]`: composes the four subgraphs' SDL (schema.graphql + kit/shared-types.graphql) into
// gateway/supergraph.graphql with @apollo/composition. --check writes nothing and fails when the committed file is stale.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeSupergraph, SUPERGRAPH_FILE, type SubgraphSource } from '../../gateway/composition.ts';
import { DEFAULT_PORTS, SUBGRAPH_NAMES } from '../../gateway/config.ts';
import { subgraphSdl } from '../../subgraphs/kit/sdl.ts';

/** The subgraph SDLs as committed, with the default local URLs (the gateway overrides URLs from env at run time). */
export function subgraphSources(root = new URL('../../', import.meta.url)): SubgraphSource[] {
  return SUBGRAPH_NAMES.map((name) => {
    const dir = new URL(`subgraphs/${name}/`, root);
    if (!existsSync(new URL('schema.graphql', dir))) throw new Error(`missing subgraphs/${name}/schema.graphql`);
    return { name, url: `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`, typeDefs: subgraphSdl(dir) };
  });
}

export async function run(args: string[]): Promise<number | undefined> {
  const check = args.includes('--check');
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length) throw new Error(`unknown argument '${unknown[0]}' (usage: flextime compose [--check])`);
  const { supergraphSdl, hints } = composeSupergraph(subgraphSources());
  for (const hint of hints) console.warn(`hint: ${hint}`);
  const target = fileURLToPath(SUPERGRAPH_FILE);
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (check) {
    if (current !== supergraphSdl) {
      console.error('gateway/supergraph.graphql is stale: run `npm run compose` and commit it');
      return 1;
    }
    console.log(`gateway/supergraph.graphql is up to date (${hints.length} hint(s))`);
    return 0;
  }
  if (current === supergraphSdl) {
    console.log(`gateway/supergraph.graphql unchanged (${hints.length} hint(s))`);
    return 0;
  }
  writeFileSync(target, supergraphSdl);
  console.log(`wrote gateway/supergraph.graphql (${supergraphSdl.length} bytes, ${hints.length} hint(s))`);
  return 0;
}
