// `npm run build:web`, and `npm install` / `npm ci` through the `prepare` script: build the workspace into web/dist
// so `npm start` serves it, with gzip and brotli copies of each asset (the gateway sends them pre-compressed).
// Skipped, with a note, where the build tools are absent (`npm ci --omit=dev`, as in the Docker image's first step).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
try {
  require.resolve('vite/package.json');
} catch {
  console.log('web: vite is not installed (dev dependencies omitted): the workspace is not built');
  process.exit(0);
}
if (!existsSync(new URL('./vite.config.ts', import.meta.url))) process.exit(0);
const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
  stdio: 'inherit',
  cwd: new URL('..', import.meta.url),
});
if (result.status !== 0) process.exit(result.status ?? 1);

const assets = new URL('./dist/assets/', import.meta.url);
for (const name of readdirSync(assets).filter((f) => /\.(js|css)$/.test(f))) {
  const content = readFileSync(new URL(name, assets));
  writeFileSync(new URL(`${name}.gz`, assets), gzipSync(content, { level: 9 }));
  writeFileSync(new URL(`${name}.br`, assets), brotliCompressSync(content));
}
