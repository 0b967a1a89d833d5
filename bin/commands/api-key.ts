// `flextime api-key --conference <id|*> [--role viewer|scheduler|admin[+dev]] [--key <existing key>]`: makes an API key
// and prints the FLEXTIME_API_KEYS entry to configure (only the key's SHA-256 is ever stored; the key is shown once,
// here). Without --role the entry has the old format: a conference key is a scheduler, an operator key (*) an admin.
import { randomBytes } from 'node:crypto';
import { hashApiKey, parseApiKeys } from '../../gateway/auth/index.ts';

const USAGE =
  'usage: flextime api-key --conference <conference_id|*> [--role viewer|scheduler|admin[+dev]] [--key <existing key>]';

export async function run(args: string[]): Promise<number | undefined> {
  let conference: string | undefined;
  let role: string | undefined;
  let key: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--conference') conference = args[++i];
    else if (a === '--role') role = args[++i];
    else if (a === '--key') key = args[++i];
    else throw new Error(`unknown argument '${a}' (${USAGE})`);
  }
  if (!conference || !(conference === '*' || /^[1-9][0-9]{0,9}$/.test(conference))) {
    throw new Error(`--conference must be a conference id or * (${USAGE})`);
  }
  if (key !== undefined && key.length < 16) throw new Error('--key must be at least 16 characters');
  const apiKey = key ?? `ftk_${randomBytes(24).toString('base64url')}`;
  const entry = `${hashApiKey(apiKey)}:${conference}${role === undefined ? '' : `:${role}`}`;
  // the same check the gateway makes at start: a bad role or a non-admin `*` fails here
  const [parsed] = parseApiKeys(entry).values();
  console.log(`API key (give it to the client; it is not stored anywhere): ${apiKey}`);
  console.log(`Add to FLEXTIME_API_KEYS (comma-separated): ${entry}`);
  console.log(`Role: ${parsed.roles.at(-1)}${parsed.extraScopes.length ? ` + ${parsed.extraScopes.join(', ')}` : ''}`);
  return 0;
}
