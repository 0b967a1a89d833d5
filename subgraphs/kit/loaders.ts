import DataLoader from 'dataloader';
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/** Orders rows by the requested keys; a missing key yields null (DataLoader's contract: same length, same order). */
export function orderByKeys<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const map = new Map<K, R>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/** Groups rows by the requested keys (list-valued relations); a key with no rows yields []. */
export function groupByKeys<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const map = new Map<K, R[]>();
  for (const k of keys) map.set(k, []);
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k) ?? []);
}

/** A per-request loader by integer key: `batch` must issue ONE statement for all keys (e.g. `inArray`). */
export function keyLoader<R>(
  batch: (keys: number[]) => Promise<R[]>,
  keyOf: (row: R) => number,
): DataLoader<number, R | null> {
  return new DataLoader<number, R | null>(async (keys) => orderByKeys(keys, await batch([...keys]), keyOf), {
    maxBatchSize: 5000,
  });
}

/** A per-request one-to-many loader: one statement for all parents, children grouped per parent key. */
export function groupLoader<R>(
  batch: (keys: number[]) => Promise<R[]>,
  keyOf: (row: R) => number,
): DataLoader<number, R[]> {
  return new DataLoader<number, R[]>(async (keys) => groupByKeys(keys, await batch([...keys]), keyOf), {
    maxBatchSize: 5000,
  });
}

function collect(
  set: SelectionSetNode | undefined,
  typeName: string | undefined,
  info: GraphQLResolveInfo,
  out: Map<string, FieldNode[]>,
): void {
  if (!set) return;
  for (const sel of set.selections) {
    if (sel.kind === 'Field') {
      const list = out.get(sel.name.value);
      if (list) list.push(sel);
      else out.set(sel.name.value, [sel]);
    } else if (sel.kind === 'InlineFragment') {
      const cond = sel.typeCondition?.name.value;
      if (!cond || !typeName || cond === typeName) collect(sel.selectionSet, typeName, info, out);
    } else {
      const frag = info.fragments[sel.name.value];
      if (frag && (!typeName || frag.typeCondition.name.value === typeName))
        collect(frag.selectionSet, typeName, info, out);
    }
  }
}

/**
 * The fields selected below the current field (for `_entities`, inside `... on <typeName>`): lets a resolver fetch a
 * parent and a selected child relation in ONE statement (look-ahead), so a subgraph fetch costs one SQL statement.
 */
export function selectedFields(info: GraphQLResolveInfo, typeName?: string): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  for (const node of info.fieldNodes) collect(node.selectionSet, typeName, info, out);
  return out;
}

/** The fields selected at `path` below the current field (e.g. ['nodes'] inside a connection). */
export function selectedAt(
  info: GraphQLResolveInfo,
  path: readonly string[],
  typeName?: string,
): Map<string, FieldNode[]> {
  let level = selectedFields(info, path.length === 0 ? typeName : undefined);
  for (let i = 0; i < path.length; i++) {
    const out = new Map<string, FieldNode[]>();
    for (const node of level.get(path[i]!) ?? [])
      collect(node.selectionSet, i === path.length - 1 ? typeName : undefined, info, out);
    level = out;
  }
  return level;
}

/** Which of `relations` (GraphQL field name → relation) are selected at `path` below the current field. */
export function includesAt<R extends string>(
  info: GraphQLResolveInfo,
  relations: Readonly<Record<string, R>>,
  path: readonly string[] = [],
  typeName?: string,
): R[] {
  // Memoised per field occurrence: `_entities` calls every __resolveReference with the same info.
  let perField = lookaheadCache.get(info.fieldNodes);
  if (!perField) {
    perField = new Map();
    lookaheadCache.set(info.fieldNodes, perField);
  }
  const key = `${path.join('.')}|${typeName ?? ''}|${Object.keys(relations).join(',')}`;
  const cached = perField.get(key);
  if (cached) return cached as R[];
  const fields = selectedAt(info, path, typeName);
  const out = new Set<R>();
  for (const [field, rel] of Object.entries(relations)) if (fields.has(field)) out.add(rel);
  const result = [...out];
  perField.set(key, result);
  return result;
}

const lookaheadCache = new WeakMap<readonly FieldNode[], Map<string, string[]>>();

/** True when `field` is selected below the current field, only ever without arguments (so a default prefetch fits). */
export function selectsPlain(info: GraphQLResolveInfo, field: string, typeName?: string): boolean {
  const nodes = selectedFields(info, typeName).get(field);
  return !!nodes && nodes.every((n) => !n.arguments || n.arguments.length === 0);
}
