// v2 constraint-validation templates: the rules an evaluation applies, with their parameters.
import { assertTenant } from '../auth.ts';
import type { ListTemplatesQuery } from '../generated/v2-operations.ts';
import { envelope, gqlId, intId, refId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { id, int, list, nullable, num, obj, pageQuery, str } from '../schemas.ts';

const CV = '/api/v2/constraint-validation';

export const templateSchema = obj(
  {
    template_id: int('Template id'),
    template_name: str('Name'),
    description: nullable(str('What it checks')),
    category_id: int('Category id'),
    category_name: str('Category name'),
    constraint_type: str('hard | soft', { enum: ['hard', 'soft'] }),
    default_weight: num('Penalty weight of a violation'),
    validation_logic: { type: 'object', additionalProperties: true, description: '{ type: <engine evaluator>, … }' },
    parameter_schema: { type: 'object', additionalProperties: true, description: 'JSON Schema of its parameters' },
    sport_id: nullable(int('Only for this sport (null: every sport)')),
    conference_id: nullable(int('Only for this conference (null: shared)')),
    version: int('Template version'),
    is_active: { type: 'boolean' },
    created_at: str('Created (ISO 8601)', { format: 'date-time' }),
    updated_at: str('Updated (ISO 8601)', { format: 'date-time' }),
  },
  [
    'template_id',
    'template_name',
    'category_id',
    'constraint_type',
    'validation_logic',
    'parameter_schema',
    'is_active',
  ],
);

type Template = ListTemplatesQuery['constraintTemplates']['nodes'][number];

export function mapTemplate(t: Template) {
  const { category } = t;
  return {
    template_id: intId(t.id),
    template_name: t.name,
    description: t.description ?? null,
    category_id: intId(category.id),
    category_name: category.name,
    constraint_type: t.type.toLowerCase(),
    default_weight: t.defaultWeight,
    validation_logic: t.validationLogic,
    parameter_schema: t.parameterSchema,
    sport_id: refId(t.sport),
    conference_id: refId(t.conference),
    version: t.version,
    is_active: t.isActive,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}

export const constraintTemplateRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${CV}/templates`,
    operations: ['v2/ListTemplates'],
    tags: ['constraint-validation'],
    summary: 'Constraint templates (validation logic + parameter JSON Schema)',
    querystring: obj({
      ...pageQuery,
      category_id: id('Only this category'),
      constraint_type: str('hard | soft', { enum: ['hard', 'soft'] }),
      sport_id: id('This sport (templates for every sport included)'),
      conference_id: id('This conference (shared templates included; must be the credential’s own)'),
      active_only: { type: 'boolean', default: true, description: 'Only active templates' },
    }),
    responses: { 200: list(templateSchema) },
    async handler(ctx) {
      const q = ctx.query;
      assertTenant(ctx.principal, q.conference_id);
      const data = await ctx.run('v2/ListTemplates', {
        page: q.page,
        limit: q.limit,
        categoryId: gqlId(q.category_id),
        type: typeof q.constraint_type === 'string' ? q.constraint_type.toUpperCase() : undefined,
        sportId: gqlId(q.sport_id),
        conferenceId: gqlId(q.conference_id),
        activeOnly: q.active_only,
      });
      return { body: envelope(data.constraintTemplates, mapTemplate) };
    },
  },
];
