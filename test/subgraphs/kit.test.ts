// Unit tests of the shared subgraph kit: dates, pagination, key ordering, look-ahead, tenant header, error mapping.
import { GraphQLError, type GraphQLResolveInfo, Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { MemoryCache } from '../../subgraphs/kit/cache/index.ts';
import { baseContext } from '../../subgraphs/kit/context.ts';
import { MemoryEventBus } from '../../subgraphs/kit/events/index.ts';
import { idArg, toKey } from '../../subgraphs/kit/ids.ts';
import { groupByKeys, includesAt, orderByKeys, selectedFields } from '../../subgraphs/kit/loaders.ts';
import { paged, parsePage } from '../../subgraphs/kit/pagination.ts';
import { DateScalar, InvalidDate, parseIsoDate } from '../../subgraphs/kit/scalars.ts';
import { formatError } from '../../subgraphs/kit/server.ts';
import { computeAvailability } from '../../subgraphs/venue-management/resolvers.ts';

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return [(e as GraphQLError).extensions?.code, (e as GraphQLError).extensions?.argumentName];
  }
  return null;
}

describe('Date scalar', () => {
  it('accepts real calendar days only', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(parseIsoDate('2025-02-29')).toBeNull();
    expect(parseIsoDate('2025-13-01')).toBeNull();
    expect(parseIsoDate('2025-1-01')).toBeNull();
    expect(parseIsoDate('2025-01-01T00:00:00Z')).toBeNull();
    expect(parseIsoDate(20250101)).toBeNull();
  });
  it('parses invalid input to a marker (rejected later, naming the argument) and serialises dates', () => {
    expect(DateScalar.parseValue('2025-02-30')).toBeInstanceOf(InvalidDate);
    expect(DateScalar.parseLiteral({ kind: Kind.INT, value: '3' })).toBeInstanceOf(InvalidDate);
    expect(DateScalar.parseLiteral({ kind: Kind.STRING, value: '2026-01-05' })).toBe('2026-01-05');
    expect(DateScalar.serialize('2026-01-05')).toBe('2026-01-05');
    expect(DateScalar.serialize(new Date('2026-01-05T12:00:00Z'))).toBe('2026-01-05');
    expect(() => DateScalar.serialize('yesterday')).toThrow();
  });
});

describe('pagination and ids', () => {
  it('validates page and limit', () => {
    expect(parsePage({})).toEqual({ page: 1, limit: 20, offset: 0 });
    expect(parsePage({ page: 3, limit: 100 })).toEqual({ page: 3, limit: 100, offset: 200 });
    expect(codeOf(() => parsePage({ limit: 101 }))).toEqual(['BAD_USER_INPUT', 'limit']);
    expect(codeOf(() => parsePage({ limit: 0 }))).toEqual(['BAD_USER_INPUT', 'limit']);
    expect(codeOf(() => parsePage({ page: -1 }))).toEqual(['BAD_USER_INPUT', 'page']);
  });
  it('builds connections and probes the total only past the end', async () => {
    const calls: number[] = [];
    const fetch = async (p: { page: number; limit: number; offset: number }) => {
      calls.push(p.page);
      const all = [1, 2, 3, 4, 5];
      const rows = all.slice(p.offset, p.offset + p.limit);
      return { rows, total: rows.length ? all.length : null };
    };
    expect(await paged(fetch, parsePage({ page: 2, limit: 2 }))).toEqual({
      nodes: [3, 4],
      total: 5,
      page: 2,
      limit: 2,
      totalPages: 3,
      hasNextPage: true,
    });
    expect(calls).toEqual([2]);
    expect((await paged(fetch, parsePage({ page: 9, limit: 2 }))).total).toBe(5);
    expect(calls).toEqual([2, 9, 1]);
  });
  it('turns ids into keys', () => {
    expect(toKey('42')).toBe(42);
    expect(toKey('042')).toBeNull();
    expect(toKey('-1')).toBeNull();
    expect(toKey('99999999999')).toBeNull();
    expect(idArg('teamId', undefined, true)).toBeUndefined();
    expect(codeOf(() => idArg('teamId', 'abc'))).toEqual(['BAD_USER_INPUT', 'teamId']);
  });
});

describe('DataLoader helpers', () => {
  it('orders rows by key (missing → null) and groups children', () => {
    const rows = [{ id: 3 }, { id: 1 }];
    expect(orderByKeys([1, 2, 3], rows, (r) => r.id)).toEqual([{ id: 1 }, null, { id: 3 }]);
    const kids = [
      { p: 2, n: 'a' },
      { p: 1, n: 'b' },
      { p: 2, n: 'c' },
    ];
    expect(groupByKeys([1, 2, 3], kids, (k) => k.p)).toEqual([[{ p: 1, n: 'b' }], [kids[0], kids[2]], []]);
  });
  it('looks ahead through inline fragments and named fragments', () => {
    const doc = parse(`
      query { _entities(representations: []) { ... on Team { name ...B } ... on Venue { hours { id } } } }
      fragment B on Team { blackouts(from: "2026-01-01") { id } }
    `);
    const op = doc.definitions[0] as import('graphql').OperationDefinitionNode;
    const field = op.selectionSet.selections[0] as import('graphql').FieldNode;
    const fragments = Object.fromEntries(
      doc.definitions
        .filter((d): d is import('graphql').FragmentDefinitionNode => d.kind === 'FragmentDefinition')
        .map((d) => [d.name.value, d]),
    );
    const info = { fieldNodes: [field], fragments } as unknown as GraphQLResolveInfo;
    expect([...selectedFields(info, 'Team').keys()].sort()).toEqual(['blackouts', 'name']);
    expect(includesAt(info, { blackouts: 'blackouts', hours: 'hours' }, [], 'Team')).toEqual(['blackouts']);
    expect(includesAt(info, { blackouts: 'blackouts', hours: 'hours' }, [], 'Venue')).toEqual(['hours']);
  });
});

describe('tenant and error mapping', () => {
  it('takes the tenant from the verified principal, never from x-conference-id', () => {
    const db = { service: () => ({ run: async () => undefined }) } as unknown as Database;
    const principal = { kind: 'api-key', subject: 's', conferenceId: 3, scopes: ['viewer'], requestId: 'r1' };
    const deps = { db, events: new MemoryEventBus(), cache: new MemoryCache(), generationQueue: null };
    const ctx = baseContext('team-availability', {
      headers: { 'x-conference-id': '7' },
      deps,
      principal,
      internalKey: new Uint8Array(32),
    });
    expect(ctx.tenant).toBe(3);
    expect(ctx.requestId).toBe('r1');
    const operator = baseContext('team-availability', {
      headers: { 'x-conference-id': '7' },
      deps,
      principal: { ...principal, conferenceId: null, scopes: ['viewer', 'scheduler', 'admin'] },
      internalKey: new Uint8Array(32),
    });
    expect(operator.tenant).toBeNull();
  });
  it('maps database errors without leaking SQL', () => {
    const pg = (code: string) =>
      new GraphQLError('Failed query: insert into x', {
        originalError: Object.assign(new Error('db'), { cause: { code } }),
      });
    const internal = { message: 'Failed query: insert into x', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(formatError(internal, pg('42501'))).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(formatError(internal, pg('23503'))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(formatError(internal, new Error('boom')).message).toBe('Internal server error');
    const user = { message: 'Invalid argument "limit"', extensions: { code: 'BAD_USER_INPUT' } };
    expect(formatError(user, null)).toBe(user);
  });
});

describe('venue availability', () => {
  it('explains every unavailable day', () => {
    const hours = [1, 2, 3, 4, 5, 6].map((d, i) => ({
      hoursId: i,
      venueId: 1,
      conferenceId: null,
      dayOfWeek: d,
      openTime: '08:00',
      closeTime: '22:00',
      allowsGames: d !== 6,
      createdAt: new Date(),
    }));
    const days = computeAvailability('2026-01-03', '2026-01-05', hours, [], []);
    expect(days).toEqual([
      { date: '2026-01-03', available: false, reasons: ['no games on Saturdays'] },
      { date: '2026-01-04', available: false, reasons: ['closed on Sundays'] },
      { date: '2026-01-05', available: true, reasons: [] },
    ]);
    expect(computeAvailability('2026-01-03', '2026-01-03', [], [], [])).toEqual([
      { date: '2026-01-03', available: true, reasons: [] },
    ]);
  });
});
