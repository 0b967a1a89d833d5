// A subgraph's SDL: its own schema.graphql plus the shared reference types (kit/shared-types.graphql), so Sport,
// Season, Conference and the scalars are written once. The servers and `flextime compose` both read SDL through here.
import { readFileSync } from 'node:fs';

const SHARED_TYPES = new URL('./shared-types.graphql', import.meta.url);

/** The SDL of the subgraph whose folder is `serviceDir` (a file URL ending in `/`). */
export function subgraphSdl(serviceDir: URL): string {
  const own = readFileSync(new URL('schema.graphql', serviceDir), 'utf8');
  return `${own}\n${readFileSync(SHARED_TYPES, 'utf8')}`;
}
