// Static supergraph composition (@apollo/composition): the four subgraph SDLs in, one supergraph SDL out.
import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export interface SubgraphSource {
  name: string;
  url: string;
  typeDefs: string;
}

export interface Composition {
  supergraphSdl: string;
  /** Composition hints, one line each (`CODE: message`). */
  hints: string[];
}

/** Composes the subgraphs into a supergraph; throws one error listing every composition error. */
export function composeSupergraph(subgraphs: SubgraphSource[]): Composition {
  const services = subgraphs.map((s) => {
    let typeDefs: ReturnType<typeof parse>;
    try {
      typeDefs = parse(s.typeDefs);
    } catch (error) {
      throw new Error(`subgraph '${s.name}': schema does not parse: ${(error as Error).message}`);
    }
    return { name: s.name, url: s.url, typeDefs };
  });
  const result = composeServices(services);
  if (result.errors) {
    const lines = result.errors.map((e) => `  - ${e.extensions?.code ?? 'ERROR'}: ${e.message}`);
    throw new Error(`supergraph composition failed with ${result.errors.length} error(s):\n${lines.join('\n')}`);
  }
  return {
    supergraphSdl: result.supergraphSdl,
    hints: result.hints.map((h) => `${h.definition.code}: ${h.message}`),
  };
}

/** The committed supergraph next to this file. */
export const SUPERGRAPH_FILE = new URL('./supergraph.graphql', import.meta.url);

export function readSupergraphSdl(file: URL | string = SUPERGRAPH_FILE): string {
  return readFileSync(file, 'utf8');
}

/**
 * The supergraph as Apollo Gateway may load it. Apollo Gateway refuses any `for: SECURITY` feature, as it cannot
 * enforce one; the `@authenticated` / `@requiresScopes` features are enforced by every FlexTime subgraph
 * (subgraphs/kit/authorization.ts), so the gateway loads them as plain metadata. The committed file keeps the
 * purpose, so Apollo Router enforces them too.
 */
export function forApolloGateway(supergraphSdl: string): string {
  return supergraphSdl.replace(
    /(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes)\/v[0-9.]+"), for: SECURITY\)/g,
    '$1)',
  );
}
