// `flextime audit [--since 1h] [--json] [--limit N]`: the audit log (audit.audit_log, db/migrations/007) — every
// mutation and every read without a conference, newest last. A table on a terminal; `--json` prints one JSON object
// per line (for jq and log shippers). `--since` takes a duration (90s, 30m, 1h, 7d) or an ISO timestamp.
import { and, asc, gte } from 'drizzle-orm';
import { openDatabaseFromEnv } from '../../db/index.ts';
import { auditLog } from '../../db/schema/index.ts';
import { parseCommandOptions } from './options.ts';

const USAGE = 'usage: flextime audit [--since <90s|30m|1h|7d|ISO timestamp>] [--json] [--limit <n>]';
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The moment `--since` names: a duration back from `now`, or an ISO timestamp. */
export function parseSince(raw: string, now = Date.now()): Date {
  const duration = /^(\d+)\s*([smhd])$/.exec(raw.trim());
  if (duration) return new Date(now - Number(duration[1]) * UNIT_MS[duration[2]]);
  const at = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(at.getTime())) {
    throw new Error(`--since: expected a duration like 30m, 1h or 7d, or an ISO timestamp, got '${raw}' (${USAGE})`);
  }
  return at;
}

const COLUMNS = ['occurredAt', 'subject', 'conference', 'service', 'operation', 'outcome', 'variablesSha256'] as const;

export async function run(args: string[]): Promise<number | undefined> {
  const values = parseCommandOptions(
    args,
    { since: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' } },
    USAGE,
  );
  if (!values) return 0;
  const since = parseSince(values.since ?? '1h');
  const limit = Number(values.limit ?? 1000);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a positive integer (${USAGE})`);
  const db = await openDatabaseFromEnv();
  try {
    const found = await db.admin((tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(gte(auditLog.occurredAt, since)))
        .orderBy(asc(auditLog.occurredAt), asc(auditLog.auditId))
        .limit(limit),
    );
    if (values.json) {
      for (const row of found) console.log(JSON.stringify(row));
      return 0;
    }
    const table = found.map((r) => ({
      occurredAt: new Date(r.occurredAt).toISOString(),
      subject: r.subject,
      conference: r.conferenceId === null ? '* (all)' : String(r.conferenceId),
      service: r.service,
      operation: `${r.operationType} ${r.operationName ?? '(anonymous)'}`,
      outcome: r.errorCode ? `${r.outcome} ${r.errorCode}` : r.outcome,
      variablesSha256: r.variablesSha256.slice(0, 12),
    }));
    const widths = COLUMNS.map((c) => Math.max(c.length, ...table.map((r) => r[c].length)));
    const line = (cells: string[]) =>
      cells
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd();
    console.log(line([...COLUMNS]));
    for (const r of table) console.log(line(COLUMNS.map((c) => r[c])));
    console.log(`${found.length} entr${found.length === 1 ? 'y' : 'ies'} since ${since.toISOString()}`);
    return 0;
  } finally {
    await db.close();
  }
}
