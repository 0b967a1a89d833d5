// REDIS_URL shapes: one server, Sentinel, Cluster — parsed into what ioredis needs, bad ones refused with the reason
// (and never with the password in the message); BullMQ's prefix becomes a hash tag on a Cluster only.
import { describe, expect, it } from 'vitest';
import { parseRedisUrl, queuePrefix, RedisUrlError } from '../../subgraphs/kit/redis/url.ts';

describe('a Redis URL names one server, a Sentinel-watched primary or a Cluster', () => {
  it('redis:// and rediss:// name one server with its database, user and password', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379/5')).toEqual({
      kind: 'server',
      node: { host: '127.0.0.1', port: 6379 },
      db: 5,
      tls: false,
    });
    expect(parseRedisUrl('rediss://app:s%40cret@cache.internal')).toEqual({
      kind: 'server',
      node: { host: 'cache.internal', port: 6379 },
      db: 0,
      tls: true,
      username: 'app',
      password: 's@cret',
    });
    expect(parseRedisUrl('redis://:only-password@[::1]:6380')).toMatchObject({
      node: { host: '::1', port: 6380 },
      password: 'only-password',
    });
  });

  it('redis+sentinel:// lists the Sentinels (default port 26379), then the primary name and database', () => {
    expect(parseRedisUrl('redis+sentinel://:pw@s1:26379,s2,s3:26380/mymaster/2?sentinel_password=sentinel-pw')).toEqual(
      {
        kind: 'sentinel',
        sentinels: [
          { host: 's1', port: 26379 },
          { host: 's2', port: 26379 },
          { host: 's3', port: 26380 },
        ],
        primary: 'mymaster',
        db: 2,
        password: 'pw',
        sentinelPassword: 'sentinel-pw',
        tls: false,
      },
    );
    expect(parseRedisUrl('rediss+sentinel://s1/primary')).toMatchObject({ kind: 'sentinel', tls: true, db: 0 });
  });

  it('redis+cluster:// lists the seed nodes', () => {
    expect(parseRedisUrl('redis+cluster://n1:7000,n2:7001,n3')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'n1', port: 7000 },
        { host: 'n2', port: 7001 },
        { host: 'n3', port: 6379 },
      ],
      tls: false,
    });
  });

  it.each([
    ['http://127.0.0.1:6379', /scheme 'http'/],
    ['127.0.0.1:6379', /must look like redis:\/\//],
    ['redis://a:1,b:2', /names one server/],
    ['redis://host:99999', /port .* 1–65535/],
    ['redis://host:6379/db1', /database 'db1' must be a number/],
    ['redis://host/1/2', /at most one database/],
    ['redis+sentinel://s1:26379', /primary's name/],
    ['redis+cluster://n1:7000/3', /database 0 only/],
    ['redis://host?timeout=5', /query parameter 'timeout'/],
    ['redis://bad host', /not host\[:port\]|not a host name/],
  ])('refuses %s with the reason', (url, reason) => {
    expect(() => parseRedisUrl(url)).toThrow(RedisUrlError);
    expect(() => parseRedisUrl(url)).toThrow(reason);
  });

  it('never repeats a password in an error', () => {
    try {
      parseRedisUrl('redis://user:hunter2-secret@host:notaport');
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('hunter2');
    }
  });
});

describe("BullMQ's prefix", () => {
  it('is hash-tagged on a Cluster, so one queue keeps its keys in one slot', () => {
    expect(queuePrefix('flextime', parseRedisUrl('redis+cluster://n1:7000'))).toBe('{flextime}:bull');
    expect(queuePrefix('{tenant-a}', parseRedisUrl('redis+cluster://n1:7000'))).toBe('{tenant-a}:bull');
  });
  it('stays as it was on one server or Sentinel (queues already in the field keep their jobs)', () => {
    expect(queuePrefix('flextime', parseRedisUrl('redis://h/0'))).toBe('flextime:bull');
    expect(queuePrefix('flextime', parseRedisUrl('redis+sentinel://s/m'))).toBe('flextime:bull');
  });
});
