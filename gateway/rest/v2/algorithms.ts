// v2 schedule-generation algorithms: the generation algorithms and their default parameters.
import { envelope, intId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { int, list, nullable, obj, pageQuery, str } from '../schemas.ts';

const SG = '/api/v2/schedule-generation';

const algorithmSchema = obj(
  {
    algorithm_id: int('Algorithm id'),
    algorithm_name: str('Name'),
    algorithm_type: str('round_robin, simulated_annealing, greedy, …'),
    description: nullable(str('What it does')),
    parameters: { type: 'object', additionalProperties: true },
    is_default: { type: 'boolean' },
    is_active: { type: 'boolean' },
  },
  ['algorithm_id', 'algorithm_name', 'algorithm_type', 'is_default', 'is_active'],
);

export const algorithmRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${SG}/algorithms`,
    operations: ['v2/ListAlgorithms'],
    tags: ['schedule-generation'],
    summary: 'Scheduling algorithms',
    querystring: obj({
      ...pageQuery,
      active_only: { type: 'boolean', default: true, description: 'Only active algorithms' },
    }),
    responses: { 200: list(algorithmSchema) },
    async handler(ctx) {
      const q = ctx.query;
      const data = await ctx.run('v2/ListAlgorithms', { activeOnly: q.active_only });
      const page = Number(q.page ?? 1);
      const limit = Number(q.limit ?? 20);
      const all = data.algorithms ?? [];
      const conn = {
        nodes: all.slice((page - 1) * limit, page * limit),
        total: all.length,
        page,
        limit,
        totalPages: Math.ceil(all.length / limit),
      };
      return {
        body: envelope(conn, (a) => ({
          algorithm_id: intId(a.id),
          algorithm_name: a.name,
          algorithm_type: a.type,
          description: a.description ?? null,
          parameters: a.parameters ?? {},
          is_default: a.isDefault,
          is_active: a.isActive,
        })),
      };
    },
  },
];
