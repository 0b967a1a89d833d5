/**
 * Code for a worker_threads Worker (`eval: true`) that runs a TypeScript entry without a build step. On Node 20,
 * `new Worker(url, { execArgv: ['--import', 'tsx'] })` does not apply tsx's hooks to the worker's own entry file
 * (ERR_UNKNOWN_FILE_EXTENSION; nodejs/node#47747, tsx issue #354), so a small evaluated bootstrap loads the entry
 * through tsx's `tsImport`; this works the same under `tsx` and vitest, from any working directory.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export function typescriptWorkerSource(entry: URL): string {
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.c?js$/, '.mjs'),
  ).href;
  return `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(entry.href)}));`;
}
