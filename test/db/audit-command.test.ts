// `flextime audit --since …`: the audit log as a table on a terminal and as JSON lines with --json, run as an operator
// would (the real CLI in a child process), on the embedded database and on real Postgres.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSince } from '../../bin/commands/audit.ts';
import { runCli } from '../support/cli.ts';
import { createTestDatabase, DB_KINDS, databaseEnv, type TestDatabase } from '../support/db.ts';

describe('parseSince', () => {
  it('reads durations and ISO timestamps, and refuses anything else', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(parseSince('1h', now).toISOString()).toBe('2026-01-01T11:00:00.000Z');
    expect(parseSince('30m', now).toISOString()).toBe('2026-01-01T11:30:00.000Z');
    expect(parseSince('7d', now).toISOString()).toBe('2025-12-25T12:00:00.000Z');
    expect(parseSince('2026-01-01T10:00:00Z', now).toISOString()).toBe('2026-01-01T10:00:00.000Z');
    expect(() => parseSince('yesterday', now)).toThrow(/--since/);
    expect(() => parseSince('1w', now)).toThrow(/--since/);
  });
});

for (const kind of DB_KINDS) {
  describe(`flextime audit (${kind})`, () => {
    let t: TestDatabase | undefined;
    afterAll(async () => {
      if (t?.kind === 'pglite' && t.dataDir) rmSync(dirname(t.dataDir), { recursive: true, force: true });
      else await t?.dispose();
    });

    it('prints the last hour as a table, and as JSON lines with --json', { timeout: 300_000 }, async () => {
      t = await createTestDatabase({ kind, onDisk: true });
      await t.db.service('schedule-generation').run((tx) =>
        tx.execute(sql`insert into audit.audit_log
          (subject, conference_id, service, operation_type, operation_name, variables_sha256, outcome, error_code)
          values ('scheduler@example.edu', 1, 'schedule-generation', 'mutation', 'CreateSchedule', repeat('a', 64), 'ok', null),
                 ('operator', null, 'team-availability', 'query', 'Blackouts', repeat('b', 64), 'error', 'FORBIDDEN')`),
      );
      await t.db.admin((tx) =>
        tx.execute(sql`insert into audit.audit_log (occurred_at, subject, service, operation_type, variables_sha256, outcome)
                       values (now() - interval '3 hours', 'old', 'venue-management', 'query', repeat('c', 64), 'ok')`),
      );
      const env = kind === 'postgres' ? databaseEnv(t) : { DATABASE_URL: '', FLEXTIME_DATA_DIR: t.dataDir };
      if (kind === 'pglite') await t.db.close(); // one process per embedded data directory

      const json = await runCli(['audit', '--since', '1h', '--json'], env);
      expect(json.stderr).toBe('');
      expect(json.code).toBe(0);
      const entries = json.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(entries.map((e) => [e.subject, e.conferenceId, e.operationType, e.outcome, e.errorCode])).toEqual([
        ['scheduler@example.edu', 1, 'mutation', 'ok', null],
        ['operator', null, 'query', 'error', 'FORBIDDEN'],
      ]);

      const table = await runCli(['audit', '--since', '4h'], env);
      expect(table.code).toBe(0);
      const lines = table.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^occurredAt\s+subject\s+conference\s+service\s+operation\s+outcome\s+variablesSha256$/);
      expect(lines.slice(1, -1).map((l) => l.split(/\s{2,}/)[1])).toEqual(['old', 'scheduler@example.edu', 'operator']);
      expect(lines.at(-1)).toMatch(/^3 entries since /);
      expect(table.stdout).toContain('mutation CreateSchedule');
      expect(table.stdout).toContain('error FORBIDDEN');

      const bad = await runCli(['audit', '--since', 'soon'], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/--since/);
    });
  });
}
