// GET /api/v1/constraints: constraint-validation's templates back in the monolith's `constraints` rows.
import type { ListConstraintsQuery } from '../generated/v1-operations.ts';
import { allPages, gqlId, intId, isObj, refId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { arr, id, int, nullable, num, obj, str } from '../schemas.ts';
import { byId, timestamp, V1 } from './legacy.ts';

type Template = ListConstraintsQuery['constraintTemplates']['nodes'][number];

export const constraintSchema = obj(
  {
    id: int('Constraint id'),
    name: str('Name'),
    description: nullable(str('What it checks')),
    category: str('Scheduling, Venue, Travel, Competitive, Broadcast, Academic'),
    constraint_type: str('hard | soft', { enum: ['hard', 'soft'] }),
    weight: num('Penalty weight'),
    rule_type: str('Engine rule, e.g. max_consecutive_away'),
    logic: { type: 'object', additionalProperties: true, description: 'Rule parameters (JSON)' },
    parameters: { type: 'object', additionalProperties: true, description: 'JSON Schema of the parameters' },
    sport_id: nullable(int('Sport id (null: every sport)')),
    conference_id: nullable(int('Conference id (null: every conference)')),
    is_active: { type: 'boolean' },
    created_at: timestamp('Created'),
  },
  ['id', 'name', 'category', 'constraint_type', 'weight', 'rule_type', 'logic', 'parameters', 'is_active'],
);

const capitalise = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/**
 * A template back into the monolith's `constraints` row. Migration 004 turned the legacy `logic` (flat parameters,
 * type in `rule_type`) into `validation_logic = { type, params, scope?, source? }`: `rule_type` is `type`, and
 * `logic` is the parameters again, flat, with scope/source beside them as the monolith kept them.
 */
export function mapConstraint(c: Template) {
  const {
    type,
    params: current,
    legacy_type,
    legacy,
    tip_off_windows,
    ...rest
  } = isObj(c.validationLogic) ? c.validationLogic : {};
  // migration 008 rewrote three legacy rule types to evaluator types and kept the monolith's form in `legacy`
  const old = isObj(legacy) ? legacy : null;
  const ruleType = old ? legacy_type : type;
  const params = old ? old.params : current;
  const logic = isObj(params) ? { ...params, ...rest } : rest;
  return {
    id: intId(c.id),
    name: c.name,
    description: (old ? old.description : c.description) ?? null,
    category: capitalise(c.category.name),
    constraint_type: String(c.type ?? '').toLowerCase(),
    weight: c.defaultWeight,
    rule_type: ruleType ?? null,
    logic,
    parameters: (old ? old.parameter_schema : c.parameterSchema) ?? {},
    sport_id: refId(c.sport),
    conference_id: refId(c.conference),
    is_active: c.isActive,
    created_at: c.createdAt,
  };
}

export const constraintRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${V1}/constraints`,
    operations: ['v1/ListConstraints'],
    tags: ['v1'],
    summary: 'Scheduling constraints (legacy)',
    querystring: obj({ sport_id: id('Only this sport (constraints for every sport included)') }),
    responses: { 200: obj({ constraints: arr(constraintSchema) }, ['constraints']) },
    async handler(ctx) {
      const { items } = await allPages(async (page) => {
        const data = await ctx.run('v1/ListConstraints', {
          page,
          limit: 100,
          sportId: gqlId(ctx.query.sport_id),
        });
        return data.constraintTemplates;
      });
      return { body: { constraints: byId(items.map(mapConstraint)) } };
    },
  },
];
