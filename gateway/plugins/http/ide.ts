// A small GraphQL IDE served by the gateway itself (no CDN, works offline): GET /graphql from a browser.
// Query, variables and headers editors, Ctrl/Cmd-Enter to run, a type list from introspection when it is enabled.
import type { HttpPlugin } from '../types.ts';

/**
 * Answers a browser's GET /graphql with the IDE page (before the operation handler). `localKey` pre-fills the headers
 * editor for callers on this machine (npm start's local admin key).
 */
export function useIde(opts: { localKey?: string } = {}): HttpPlugin {
  return (app) => {
    app.addHook('preHandler', async (request, reply) => {
      if (!request.url.startsWith('/graphql')) return;
      if (!wantsIde(request.method, request.headers.accept, searchOf(request.url))) return;
      reply.type('text/html; charset=utf-8');
      return reply.send(
        idePage('/graphql', opts.localKey && isLoopback(request.ip) ? { 'x-api-key': opts.localKey } : {}),
      );
    });
  };
}

export function searchOf(url: string): string {
  return url.includes('?') ? url.slice(url.indexOf('?')) : '';
}

function isLoopback(ip: string): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

export function wantsIde(method: string, accept: string | undefined, search: string): boolean {
  if (method !== 'GET' || !accept?.includes('text/html')) return false;
  return !new URLSearchParams(search).has('query');
}

const DEFAULT_QUERY = `# FlexTime supergraph: one query across team-availability and venue-management.
# Ctrl+Enter (Cmd+Enter) runs it.
query Big12Basketball {
  teams(sportCode: "MBB", limit: 16) {
    total
    nodes {
      name
      abbreviation
      homeVenue { name capacity city }
      blackouts { startDate endDate severity }
    }
  }
}
`;

/** The IDE page; `headers` pre-fill its headers editor (npm start's local admin key, for callers on this machine). */
export function idePage(endpoint = '/graphql', headers: Record<string, string> = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>FlexTime GraphQL</title>
<style>
  :root { font-family: system-ui, sans-serif; color-scheme: light dark; }
  body { margin: 0; display: grid; grid-template-rows: auto 1fr; height: 100vh; }
  header { display: flex; gap: .75rem; align-items: center; padding: .5rem 1rem; border-bottom: 1px solid #8884; }
  header h1 { font-size: 1rem; margin: 0; }
  main { display: grid; grid-template-columns: 1fr 1fr 14rem; gap: .5rem; padding: .5rem; min-height: 0; }
  section { display: flex; flex-direction: column; min-height: 0; gap: .25rem; }
  label { font-size: .8rem; opacity: .8; }
  textarea, pre { font: 13px/1.4 ui-monospace, monospace; border: 1px solid #8886; border-radius: 4px; padding: .5rem; margin: 0; }
  textarea { resize: none; }
  #query { flex: 3; } #variables, #headers { flex: 1; }
  pre { flex: 1; overflow: auto; white-space: pre-wrap; }
  #types { overflow: auto; font-size: .8rem; } #types li { cursor: default; }
  button { padding: .3rem 1rem; }
  #status { font-size: .8rem; opacity: .8; }
</style>
</head>
<body>
<header><h1>FlexTime GraphQL</h1><button id="run" type="button">Run ▶</button><span id="status"></span></header>
<main>
  <section>
    <label for="query">Query</label><textarea id="query" spellcheck="false"></textarea>
    <label for="variables">Variables (JSON)</label><textarea id="variables" spellcheck="false">{}</textarea>
    <label for="headers">Headers (JSON): your credential, {"x-api-key": "…"} or {"authorization": "Bearer …"}</label><textarea id="headers" spellcheck="false">${escapeHtml(JSON.stringify(headers))}</textarea>
  </section>
  <section><label>Result</label><pre id="result"></pre></section>
  <section><label>Types</label><ul id="types"></ul></section>
</main>
<script>
const endpoint = ${JSON.stringify(endpoint)};
const $ = (id) => document.getElementById(id);
$('query').value = localStorage.getItem('flextime.query') || ${JSON.stringify(DEFAULT_QUERY)};
async function post(body, extraHeaders) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...extraHeaders },
    body: JSON.stringify(body),
  });
  return { status: res.status, id: res.headers.get('x-request-id'), json: await res.json() };
}
async function run() {
  localStorage.setItem('flextime.query', $('query').value);
  let variables, headers;
  try { variables = JSON.parse($('variables').value || '{}'); headers = JSON.parse($('headers').value || '{}'); }
  catch (e) { $('result').textContent = 'Invalid JSON: ' + e.message; return; }
  const started = performance.now();
  $('status').textContent = 'running…';
  try {
    const r = await post({ query: $('query').value, variables }, headers);
    $('status').textContent = 'HTTP ' + r.status + ' in ' + Math.round(performance.now() - started) + ' ms · request id ' + r.id;
    $('result').textContent = JSON.stringify(r.json, null, 2);
  } catch (e) { $('status').textContent = ''; $('result').textContent = String(e); }
}
$('run').onclick = run;
document.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
post({ query: '{ __schema { types { name kind description } } }' }, JSON.parse($('headers').value || '{}')).then((r) => {
  const types = r.json.data ? r.json.data.__schema.types.filter((t) => !t.name.startsWith('__')) : [];
  if (!types.length) { $('types').innerHTML = '<li>(introspection disabled)</li>'; return; }
  for (const t of types.sort((a, b) => a.name.localeCompare(b.name))) {
    const li = document.createElement('li');
    li.textContent = t.name + ' · ' + t.kind.toLowerCase();
    if (t.description) li.title = t.description;
    $('types').appendChild(li);
  }
}).catch(() => {});
</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
