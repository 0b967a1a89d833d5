// The workspace's SSE reader (web/src/event-stream.ts) over real HTTP: events split across chunks, CRLF line ends,
// comments and multi-line data parsed as the HTML standard says; a connection dropped before the last event is
// resumed with Last-Event-ID after the server's retry delay, so no event comes twice; a refusal (401) is final.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followEvents, parseEvents, type ServerEvent } from '../../web/src/event-stream.ts';

describe('parseEvents', () => {
  it('parses complete events, keeps the incomplete rest, skips comments, joins data lines, reads retry', () => {
    const parsed = parseEvents(
      'retry: 50\r\n\r\n: heartbeat\n\nid: 1-1\nevent: progress\ndata: {"a":\ndata: 1}\n\nid: 1-2\nda',
    );
    expect(parsed.events).toEqual([{ id: '1-1', event: 'progress', data: '{"a":\n1}' }]);
    expect(parsed.rest).toBe('id: 1-2\nda');
    expect(parsed.retryMs).toBe(50);
  });
});

describe('followEvents over HTTP', () => {
  let server: Server;
  let base: string;
  const seen: IncomingHttpHeaders[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      if (req.headers['x-api-key'] !== 'good') {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"message":"Invalid API key","code":"INVALID_API_KEY"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const resumeFrom = req.headers['last-event-id'];
      if (!resumeFrom) {
        // two events, the second split across writes, then the connection drops
        res.write('retry: 20\n\nid: 1-1\nevent: progress\ndata: {"percent":10}\n\nid: 1-2\nevent: pro');
        setTimeout(() => res.end('gress\ndata: {"percent":20}\n\n'), 20);
        return;
      }
      res.write(': heartbeat\n\nid: 1-3\nevent: progress\ndata: {"percent":30}\n\n');
      res.end('id: 1-4\nevent: finished\ndata: {"status":"completed"}\n\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('resumes a dropped stream with Last-Event-ID: each event once, in order, until the last', async () => {
    const events: ServerEvent[] = [];
    await followEvents(`${base}/events`, {
      credential: 'good',
      onEvent: (e) => events.push(e),
      until: (e) => e.event === 'finished',
      signal: new AbortController().signal,
    });
    expect(events.map((e) => e.id)).toEqual(['1-1', '1-2', '1-3', '1-4']);
    expect(seen.at(-1)?.['last-event-id']).toBe('1-2');
  });

  it('gives up at once on a refusal, with the server’s message and code', async () => {
    const attempt = followEvents(`${base}/events`, {
      credential: 'bad',
      onEvent: () => {},
      until: () => false,
      signal: new AbortController().signal,
    });
    await expect(attempt).rejects.toMatchObject({ status: 401, code: 'INVALID_API_KEY', message: 'Invalid API key' });
  });
});
