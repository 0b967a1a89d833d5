// v2 constraint-validation categories: the families of constraints, highest priority first.
import { envelope, intId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { int, list, nullable, obj, pageQuery, str } from '../schemas.ts';

const CV = '/api/v2/constraint-validation';

export const categorySchema = obj(
  {
    category_id: int('Category id'),
    name: str('scheduling, venue, travel, competitive, broadcast, academic'),
    description: nullable(str('What the category covers')),
    priority: int('Higher first (scheduling 100 … academic 50)'),
    template_count: int('Templates in the category'),
  },
  ['category_id', 'name', 'priority', 'template_count'],
);

export const constraintCategoryRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${CV}/categories`,
    operations: ['v2/ListCategories'],
    tags: ['constraint-validation'],
    summary: 'Constraint categories, highest priority first',
    querystring: obj({ ...pageQuery }),
    responses: { 200: list(categorySchema) },
    async handler(ctx) {
      const data = await ctx.run('v2/ListCategories', {
        page: ctx.query.page,
        limit: ctx.query.limit,
      });
      return {
        body: envelope(data.constraintCategories, (c) => ({
          category_id: intId(c.id),
          name: c.name,
          description: c.description ?? null,
          priority: c.priority,
          template_count: Array.isArray(c.templates) ? c.templates.length : 0,
        })),
      };
    },
  },
];
