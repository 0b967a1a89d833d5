// Query depth and cost limits, checked once the operation is parsed and validated and before the query plan runs,
// so a rejected operation never reaches a subgraph. Errors: QUERY_TOO_DEEP / QUERY_TOO_COSTLY (HTTP 400).
import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { ExecutionPlugin } from '../types.ts';

export interface LimitOptions {
  maxDepth: number;
  maxCost: number;
  /** Assumed size of a list whose size no argument bounds (default 10). */
  defaultListSize?: number;
  onReject?: (reason: 'depth' | 'cost') => void;
}

/** Arguments that bound the size of a list-valued (or connection-valued) field. */
const SIZE_ARGS = new Set(['limit', 'first', 'last', 'pageSize', 'take', 'size']);

export interface OperationMeasure {
  depth: number;
  cost: number;
}

/**
 * Depth: the longest chain of nested selections (fragments inlined, introspection fields not counted).
 * Cost: every field that returns an object costs 1, multiplied by the sizes of the lists it sits in; a list's size is
 * its `limit`/`first`/… argument (literal or variable) or `defaultListSize`. A list directly under a field that
 * already took a size argument (a connection's items) takes that size instead of multiplying again.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
  defaultListSize = 10,
): OperationMeasure {
  const root = schema.getRootType(operation.operation);
  let maxDepth = 0;
  const visiting = new Set<string>();

  function sizeArg(field: FieldNode): number | undefined {
    for (const arg of field.arguments ?? []) {
      if (!SIZE_ARGS.has(arg.name.value)) continue;
      const n = numericValue(arg.value, variables);
      if (n !== undefined) return Math.max(0, n);
    }
    return undefined;
  }

  function walk(
    set: SelectionSetNode,
    parent: GraphQLOutputType | undefined,
    depth: number,
    multiplier: number,
    parentSized: boolean,
  ): number {
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (name.startsWith('__')) continue;
        const def = fieldDef(parent, name);
        const type = def?.type;
        const sized = sizeArg(sel);
        let factor = 1;
        if (sized !== undefined) factor = sized;
        else if (type && isListType(getNullableType(type))) factor = parentSized ? 1 : defaultListSize;
        if (sel.selectionSet) {
          const d = depth + 1;
          if (d > maxDepth) maxDepth = d;
          cost += multiplier * factor;
          cost += walk(sel.selectionSet, type, d, multiplier * factor, sized !== undefined);
        } else if (depth + 1 > maxDepth) {
          maxDepth = depth + 1;
        }
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const cond = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : undefined;
        cost += walk(sel.selectionSet, (cond as GraphQLOutputType) ?? parent, depth, multiplier, parentSized);
      } else {
        const name = sel.name.value;
        const frag = fragments[name];
        if (!frag || visiting.has(name)) continue;
        visiting.add(name);
        const cond = schema.getType(frag.typeCondition.name.value) as GraphQLOutputType | undefined;
        cost += walk(frag.selectionSet, cond ?? parent, depth, multiplier, parentSized);
        visiting.delete(name);
      }
    }
    return cost;
  }

  const cost = walk(operation.selectionSet, root ?? undefined, 0, 1, false);
  return { depth: maxDepth, cost };
}

function fieldDef(parent: GraphQLOutputType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!parent) return undefined;
  const named = getNamedType(parent);
  return isObjectType(named) || isInterfaceType(named) ? named.getFields()[name] : undefined;
}

function numericValue(value: ValueNode, variables: Record<string, unknown>): number | undefined {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }
  return undefined;
}

/** Enforces the limits in didResolveOperation (after validation, before execution). */
export function useLimits(opts: LimitOptions): ExecutionPlugin {
  const defaultListSize = opts.defaultListSize ?? 10;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx) {
          if (!ctx.operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const def of ctx.document.definitions) {
            if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
          }
          const { depth, cost } = measureOperation(
            ctx.schema,
            ctx.operation,
            fragments,
            ctx.request.variables ?? {},
            defaultListSize,
          );
          if (depth > opts.maxDepth) {
            opts.onReject?.('depth');
            throw new GraphQLError(`Query depth ${depth} exceeds the maximum of ${opts.maxDepth}`, {
              extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth: opts.maxDepth, http: { status: 400 } },
            });
          }
          if (cost > opts.maxCost) {
            opts.onReject?.('cost');
            throw new GraphQLError(`Query cost ${cost} exceeds the maximum of ${opts.maxCost}`, {
              extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: opts.maxCost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
