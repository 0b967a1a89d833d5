// `npm install` / `npm ci` run this (the `prepare` script): build the workspace into web/dist so `npm start` serves it.
// Skipped, with a note, where the build tools are absent (`npm ci --omit=dev`, as in the Docker image's first step).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let vite;
try {
  vite = require.resolve('vite/package.json');
} catch {
  console.log('web: vite is not installed (dev dependencies omitted): the workspace is not built');
  process.exit(0);
}
if (!vite || !existsSync(new URL('./vite.config.ts', import.meta.url))) process.exit(0);
const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
  stdio: 'inherit',
  cwd: new URL('..', import.meta.url),
});
process.exit(result.status ?? 1);
