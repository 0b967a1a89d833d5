// `npm start`'s local credentials, kept in the data directory (never in the repo): the secret the gateway signs its
// subgraph calls with (FLEXTIME_INTERNAL_SECRET, one per data directory) and, outside production, a local admin API
// key. The first start creates both and prints the key once; later starts print where it is. In production nothing
// is made up: FLEXTIME_INTERNAL_SECRET must come from the environment and there is no default credential.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCAL_AUTH_FILE = 'flextime-local-auth.json';

export interface LocalAuth {
  internalSecret: string;
  /** The local admin key (null in production). */
  adminKey: string | null;
  /** Where they are kept (null in production). */
  file: string | null;
  /** True when this start created them (the key is printed only then). */
  created: boolean;
}

export function loadOrCreateLocalAuth(dataDir: string, env: NodeJS.ProcessEnv = process.env): LocalAuth {
  if (env.NODE_ENV === 'production') {
    if (!env.FLEXTIME_INTERNAL_SECRET) {
      throw new Error(
        'NODE_ENV=production: set FLEXTIME_INTERNAL_SECRET (≥ 32 random characters, the same for the gateway and every subgraph)',
      );
    }
    return { internalSecret: env.FLEXTIME_INTERNAL_SECRET, adminKey: null, file: null, created: false };
  }
  const file = resolve(join(dataDir, LOCAL_AUTH_FILE));
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { internalSecret?: string; adminKey?: string };
    if (!stored.internalSecret || !stored.adminKey)
      throw new Error(`${file} is incomplete: delete it to make new local credentials`);
    return {
      internalSecret: env.FLEXTIME_INTERNAL_SECRET || stored.internalSecret,
      adminKey: stored.adminKey,
      file,
      created: false,
    };
  }
  const made = {
    internalSecret: randomBytes(32).toString('base64url'),
    adminKey: `ftk_local_${randomBytes(24).toString('base64url')}`,
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(made, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return {
    internalSecret: env.FLEXTIME_INTERNAL_SECRET || made.internalSecret,
    adminKey: made.adminKey,
    file,
    created: true,
  };
}

/** The lines `npm start` prints about the local key. */
export function describeLocalAuth(local: LocalAuth): string[] {
  if (!local.adminKey)
    return ['  credentials         FLEXTIME_API_KEYS / FLEXTIME_JWT_* (production: no default credential)'];
  if (local.created) {
    return [
      `  local admin key     ${local.adminKey}`,
      `                      (shown once; kept in ${local.file}; send it as X-API-Key, or sign in to the workspace with it)`,
    ];
  }
  return [`  local admin key     in ${local.file} (adminKey: sign in to the workspace with it)`];
}
