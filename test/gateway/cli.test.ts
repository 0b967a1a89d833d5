// The gateway's commands as an operator runs them: `flextime start` refusing a data dir that is in use,
// `flextime compose --check`, `flextime serve` usage errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../db/index.ts';
import { runCli } from '../support/cli.ts';

describe('gateway commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flextime-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a second `flextime start` on the same data dir refuses with one clear line', async () => {
    const dataDir = join(dir, 'pgdata');
    const release = acquireDataDirLock(dataDir); // as a first `npm start` would hold it
    try {
      const res = await runCli(['start'], {
        FLEXTIME_DATA_DIR: dataDir,
        DATABASE_URL: undefined,
        GATEWAY_PORT: '0',
        TEAM_AVAILABILITY_PORT: '0',
        VENUE_MANAGEMENT_PORT: '0',
        CONSTRAINT_VALIDATION_PORT: '0',
        SCHEDULE_GENERATION_PORT: '0',
      });
      expect(res.code).toBe(1);
      const line = res.stderr.trim().split('\n').at(-1) ?? '';
      expect(line).toMatch(/^flextime start: embedded database .* is already in use by process \d+/);
      expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      release();
    }
  });

  it('`flextime compose --check` passes on the committed supergraph', async () => {
    const res = await runCli(['compose', '--check']);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('gateway/supergraph.graphql is up to date');
    expect(res.code).toBe(0);
  });

  it('`flextime serve` names the services it knows', async () => {
    const res = await runCli(['serve', 'billing']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("unknown service 'billing'");
    expect(res.stderr).toContain(
      'gateway, team-availability, venue-management, constraint-validation, schedule-generation',
    );
  });
});
