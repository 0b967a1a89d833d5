// The first page's production bundle stays within 250 KB gzipped, GraphiQL (Monaco and its workers) included only as
// chunks loaded when its view opens, and nothing is fetched from another origin (no CDN): checked on web/dist as
// `npm run build:web` leaves it (the gateway serves exactly these files).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const LIMIT_BYTES = 250 * 1024;
const built = existsSync(`${DIST}index.html`);
if (!built && !process.env.CI) console.warn('test/web/bundle skipped: web/dist is not built (npm run build:web)');

describe.runIf(built || !!process.env.CI)('the workspace bundle', () => {
  const html = () => readFileSync(`${DIST}index.html`, 'utf8');
  /** Every file the first page loads before any script runs: the entry script, its preloads, its styles. */
  const firstPageFiles = () => [...html().matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  /** The static imports of a chunk (what the browser fetches with it), recursively. */
  const withImports = (files: string[]): Set<string> => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      if (!file.endsWith('.js')) return;
      const source = readFileSync(`${DIST}${file}`, 'utf8');
      for (const m of source.matchAll(/(?:^|[;}\n])\s*import\s*(?:[^'"()]*?from\s*)?["']\.\/([\w.-]+\.js)["']/g))
        visit(`assets/${m[1]}`);
    };
    for (const f of files) visit(f);
    return seen;
  };

  it('loads at most 250 KB gzipped on the first page', () => {
    const files = withImports(firstPageFiles());
    expect(files.size).toBeGreaterThan(0);
    const gzipped = [...files].reduce((sum, f) => sum + gzipSync(readFileSync(`${DIST}${f}`), { level: 9 }).length, 0);
    console.log(`first page: ${files.size} files, ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    expect(gzipped).toBeLessThanOrEqual(LIMIT_BYTES);
  });

  it('keeps GraphiQL and Monaco out of the first page (loaded when the GraphiQL view opens)', () => {
    const files = [...withImports(firstPageFiles())];
    expect(files.filter((f) => /graphiql|monaco|worker/i.test(f))).toEqual([]);
    const entry = files.find((f) => f.endsWith('.js'))!;
    expect(readFileSync(`${DIST}${entry}`, 'utf8')).toMatch(/GraphiQLPanel-[\w-]+\.js/); // a dynamic import
  });

  it('references no other origin: the app works offline', () => {
    expect(html()).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });
});
