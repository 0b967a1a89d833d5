// docker-compose.yml, checked by parsing it (no Docker engine here): the services, their order, healthchecks, and that
// every credential comes from the environment — each subgraph logging in as its own role, the gateway with none.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const text = readFileSync(new URL('docker-compose.yml', root), 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: compose files are loosely typed documents
const compose = parse(text, { merge: true }) as { services: Record<string, any>; volumes: Record<string, unknown> };
const services = compose.services;
const SUBGRAPHS = [
  ['team-availability', 4001],
  ['venue-management', 4002],
  ['constraint-validation', 4003],
  ['schedule-generation', 4004],
] as const;
const envPrefix = (name: string) => name.toUpperCase().replace(/-/g, '_');
const schema = (name: string) => name.replace(/-/g, '_');

describe('docker-compose.yml', () => {
  it('runs PostgreSQL 16, Redis 7, four subgraphs and the gateway', () => {
    expect(services.postgres.image).toMatch(/^postgres:16(\b|-)/);
    expect(services.redis.image).toMatch(/^redis:7(\b|-)/);
    for (const [name] of SUBGRAPHS) expect(services[name].command).toEqual(['serve', name]);
    expect(services.gateway.command).toEqual(['serve', 'gateway']);
    expect(services.gateway.ports).toEqual([`\${GATEWAY_PUBLISHED_PORT:-4000}:4000`]);
  });

  it('builds the image whose entrypoint is the flextime CLI, and every `serve` target exists', () => {
    const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toContain('ENTRYPOINT ["node", "--import", "tsx", "bin/flextime.ts"]');
    expect(existsSync(new URL('bin/commands/serve.ts', root))).toBe(true);
    for (const name of ['gateway', ...SUBGRAPHS.map(([n]) => n)]) expect(services[name].build).toBe('.');
  });

  it('builds the workspace in a stage of its own and ships its web/dist in the image the gateway runs', () => {
    const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
    const stages = dockerfile.split(/^(?=FROM )/m).filter((s) => s.startsWith('FROM '));
    expect(stages).toHaveLength(2);
    const [web, runtime] = stages;
    expect(web).toMatch(/^FROM node:20\S* AS web$/m);
    // the build stage installs the dev dependencies (no --omit=dev) and runs the web build
    expect(web).toMatch(/^RUN npm ci (?!.*--omit=dev)/m);
    expect(web).toMatch(/^COPY web \.\/web$/m);
    expect(web).toMatch(/^RUN node web\/build\.mjs && test -f web\/dist\/index\.html$/m);
    // the final image: production dependencies only, and the built app copied where gateway/web.ts serves it
    expect(runtime).toMatch(/^RUN npm ci --omit=dev/m);
    expect(runtime).toContain('COPY --from=web /app/web/dist ./web/dist');
    expect(runtime.indexOf('COPY --from=web')).toBeGreaterThan(runtime.indexOf('COPY . .'));
    expect(runtime).toMatch(/^ENTRYPOINT /m);
    // a checkout's own web/dist never reaches the image: the stage builds it from the sources
    const ignored = readFileSync(new URL('.dockerignore', root), 'utf8').split('\n');
    expect(ignored).toContain('web/dist');
  });

  it('each subgraph logs in as its own role, with its password from the environment', () => {
    for (const [name, port] of SUBGRAPHS) {
      const env = services[name].environment;
      const url: string = env[`${envPrefix(name)}_DATABASE_URL`];
      expect(url).toBe(
        `postgres://${schema(name)}_login:\${${envPrefix(name)}_DB_PASSWORD:?set ${envPrefix(name)}_DB_PASSWORD}@postgres:5432/flextime`,
      );
      expect(env.DATABASE_URL).toBeUndefined();
      expect(env[`${envPrefix(name)}_PORT`]).toBe(String(port));
      expect(env.HOST).toBe('0.0.0.0');
      // No other service's credentials in its environment.
      for (const [other] of SUBGRAPHS)
        if (other !== name) expect(env[`${envPrefix(other)}_DATABASE_URL`]).toBeUndefined();
    }
    const logins = readFileSync(new URL('docker/create-service-logins.sql', root), 'utf8');
    for (const [name] of SUBGRAPHS) {
      expect(logins).toContain(`GRANT ${schema(name)}_service TO ${schema(name)}_login;`);
      expect(logins).toContain(`PASSWORD :'${schema(name)}_password'`);
    }
  });

  it('the gateway has no database credentials and reaches the subgraphs by service name', () => {
    const env = services.gateway.environment;
    expect(Object.keys(env).filter((k) => k.includes('DATABASE'))).toEqual([]);
    for (const [name, port] of SUBGRAPHS) expect(env[`${envPrefix(name)}_URL`]).toBe(`http://${name}:${port}/graphql`);
  });

  it('never contains a literal secret: every password is a variable substitution', () => {
    const withoutComments = text.replace(/^\s*#.*$/gm, '');
    for (const m of withoutComments.matchAll(/postgres:\/\/([^:@\s]+):([^@\s]+)@/g))
      expect(m[2]).toMatch(/^\$\{[A-Z_]+(:[?-][^}]*)?\}$/);
    for (const m of withoutComments.matchAll(/^\s*[A-Z_]*(PASSWORD|SECRET)[A-Z_]*:\s*(.+)$/gm)) {
      expect(m[2].trim()).toMatch(/^\$\{[A-Z_]+(:[?-][^}]*)?\}$/);
    }
  });

  it('starts in order with healthchecks: postgres → migrate → logins → subgraphs → gateway', () => {
    expect(services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(services.migrate.entrypoint.join(' ')).toMatch(/migrate && .*seed/);
    expect(services['service-logins'].depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    for (const [name, port] of SUBGRAPHS) {
      expect(services[name].depends_on).toEqual({
        'service-logins': { condition: 'service_completed_successfully' },
        redis: { condition: 'service_healthy' },
      });
      expect(services[name].healthcheck.test.join(' ')).toContain(`http://127.0.0.1:${port}/ready`);
    }
    expect(services.gateway.healthcheck.test.join(' ')).toContain('http://127.0.0.1:4000/ready');
    expect(services.gateway.depends_on).toEqual(
      Object.fromEntries(SUBGRAPHS.map(([n]) => [n, { condition: 'service_healthy' }])),
    );
    expect(services.postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(services.redis.healthcheck.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  describe('the scale profile', () => {
    const scaled = (name: string) => services[`scaled-${name}`];
    const SCALE = ['pgbouncer', 'lb', 'scaled-gateway', 'scaled-worker', ...SUBGRAPHS.map(([n]) => `scaled-${n}`)];

    it('is a profile of its own: load balancer, PgBouncer, 2 gateways, 2 of each subgraph, 2 workers', () => {
      for (const name of SCALE) expect(services[name].profiles).toEqual(['scale']);
      // the single-container services keep running with a plain `docker compose up`
      for (const name of ['postgres', 'redis', 'migrate', 'service-logins', 'gateway', ...SUBGRAPHS.map(([n]) => n)])
        expect(services[name].profiles).toBeUndefined();
      for (const name of ['gateway', 'worker', ...SUBGRAPHS.map(([n]) => n)])
        expect(scaled(name).deploy.replicas).toBe(2);
      for (const [name] of SUBGRAPHS) expect(scaled(name).command).toEqual(['serve', name]);
      expect(scaled('gateway').command).toEqual(['serve', 'gateway']);
      expect(scaled('worker').entrypoint.join(' ')).toContain('bin/flextime.ts worker');
      expect(services.pgbouncer.image).toMatch(/pgbouncer/);
      expect(services.lb.image).toMatch(/^nginx:/);
      // only the load balancer is published: replicas cannot share a host port
      expect(services.lb.ports).toEqual([`\${LB_PUBLISHED_PORT:-8080}:80`]);
      for (const name of SCALE.filter((n) => n !== 'lb')) expect(services[name].ports).toBeUndefined();
    });

    it('the load balancer round-robins over the gateway replicas, from a config file in docker/', () => {
      expect(services.lb.volumes).toEqual(['./docker/nginx-scale.conf:/etc/nginx/conf.d/default.conf:ro']);
      const conf = readFileSync(new URL('docker/nginx-scale.conf', root), 'utf8');
      expect(conf).toMatch(/upstream flextime_gateway \{[^}]*server scaled-gateway:4000/);
      expect(conf).toContain('proxy_pass http://flextime_gateway;');
      expect(services.lb.depends_on['scaled-gateway']).toEqual({ condition: 'service_healthy' });
    });

    it('every database connection goes through PgBouncer in transaction pooling, each subgraph as its own login', () => {
      const pgbouncer = readFileSync(new URL('docker/pgbouncer.ini', root), 'utf8');
      expect(pgbouncer).toMatch(/^pool_mode = transaction$/m);
      expect(pgbouncer).toMatch(/^flextime = host=postgres port=5432/m);
      expect(services.pgbouncer.volumes).toEqual(['./docker/pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro']);
      for (const [name] of SUBGRAPHS) {
        const env = scaled(name).environment;
        expect(env[`${envPrefix(name)}_DATABASE_URL`]).toBe(
          `postgres://${schema(name)}_login:\${${envPrefix(name)}_DB_PASSWORD:?set ${envPrefix(name)}_DB_PASSWORD}@pgbouncer:6432/flextime`,
        );
        expect(env.FLEXTIME_DB_POOLING).toBe('transaction');
        expect(env.DATABASE_URL).toBeUndefined();
        expect(env.REDIS_URL).toBe('redis://redis:6379/0');
        expect(scaled(name).depends_on.pgbouncer).toEqual({ condition: 'service_healthy' });
      }
      const worker = scaled('worker').environment;
      expect(worker.DATABASE_URL).toMatch(
        /^postgres:\/\/schedule_generation_login:\$\{[A-Z_]+:\?[^}]*\}@pgbouncer:6432\/flextime$/,
      );
      expect(worker.FLEXTIME_DB_POOLING).toBe('transaction');
      expect(worker.REDIS_URL).toBe('redis://redis:6379/0');
      // the gateway replicas reach the subgraphs' replicas by service name, and hold no database credential
      const gateway = scaled('gateway').environment;
      for (const [name, port] of SUBGRAPHS)
        expect(gateway[`${envPrefix(name)}_URL`]).toBe(`http://scaled-${name}:${port}/graphql`);
      expect(Object.keys(gateway).filter((k) => k.includes('DATABASE'))).toEqual([]);
      expect(gateway.REDIS_URL).toBe('redis://redis:6379/0');
      // migrations stay single, on a direct connection, under their advisory lock
      expect(services.migrate.environment.DATABASE_URL).toContain('@postgres:5432/');
    });

    it('health checks on every long-running service, and the start order through them', () => {
      for (const [name, port] of SUBGRAPHS)
        expect(scaled(name).healthcheck.test.join(' ')).toContain(`http://127.0.0.1:${port}/ready`);
      expect(scaled('gateway').healthcheck.test.join(' ')).toContain('http://127.0.0.1:4000/ready');
      expect(services.pgbouncer.healthcheck.test.join(' ')).toContain('pg_isready -h 127.0.0.1 -p 6432');
      expect(services.lb.healthcheck.test.join(' ')).toContain('/lb-health');
      expect(services.pgbouncer.depends_on).toEqual({
        'service-logins': { condition: 'service_completed_successfully' },
      });
      expect(Object.keys(scaled('gateway').depends_on).sort()).toEqual(
        ['redis', ...SUBGRAPHS.map(([n]) => `scaled-${n}`)].sort(),
      );
    });

    it('no secret inline: PgBouncer gets the owner’s password from the environment, its config names none', () => {
      expect(services.pgbouncer.environment.PGBOUNCER_AUTH_PASSWORD).toBe(
        '${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}',
      );
      const pgbouncer = readFileSync(new URL('docker/pgbouncer.ini', root), 'utf8');
      expect(pgbouncer).not.toMatch(/password\s*=/i);
      expect(pgbouncer).toContain('%include /tmp/pgbouncer-auth.ini');
    });
  });
});
