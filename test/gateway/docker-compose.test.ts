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
});
