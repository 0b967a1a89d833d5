// Server-Sent Events over fetch: the browser's EventSource cannot send the credential header, so the stream is read
// from a fetch body. A dropped connection is resumed with Last-Event-ID (only the later events come again) after the
// server's `retry:` delay; the stream ends when the server closes it after its last event (`until` says which).
import { ApiError } from './api.ts';
import { authHeaders } from './credential.ts';

export interface ServerEvent {
  id: string | null;
  event: string;
  data: string;
}

export interface FollowOptions {
  credential: string;
  onEvent(event: ServerEvent): void;
  /** The event after which the stream is over (no reconnect). */
  until(event: ServerEvent): boolean;
  signal: AbortSignal;
  /** Reconnects after a dropped connection before giving up (default 5). */
  attempts?: number;
}

/** Parses the complete events in `buffer`; returns them and the incomplete rest. */
export function parseEvents(buffer: string): { events: ServerEvent[]; rest: string; retryMs: number | null } {
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const events: ServerEvent[] = [];
  let retryMs: number | null = null;
  for (const block of blocks) {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue; // comments: heartbeats
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
    }
    if (data.length > 0) events.push({ id, event, data: data.join('\n') });
  }
  return { events, rest, retryMs };
}

export async function followEvents(path: string, options: FollowOptions): Promise<void> {
  let lastEventId: string | null = null;
  let retryMs = 2000;
  const attempts = options.attempts ?? 5;
  for (let attempt = 0; ; attempt++) {
    let ended = false;
    try {
      const response = await fetch(path, {
        headers: {
          accept: 'text/event-stream',
          ...authHeaders(options.credential),
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
        signal: options.signal,
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { message?: string; code?: string } | null;
        throw new ApiError(
          body?.message ?? `The event stream answered ${response.status}`,
          response.status,
          body?.code ?? null,
        );
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const parsed = parseEvents(buffer + value);
        buffer = parsed.rest;
        if (parsed.retryMs !== null) retryMs = parsed.retryMs;
        for (const event of parsed.events) {
          if (event.id) lastEventId = event.id;
          options.onEvent(event);
          if (options.until(event)) ended = true;
        }
        if (ended) {
          await reader.cancel().catch(() => {});
          return;
        }
      }
    } catch (error) {
      if (options.signal.aborted) return;
      // the server's refusals (401, 403, 404) are final; a dropped connection is retried
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) throw error;
      if (attempt >= attempts) throw error;
    }
    if (options.signal.aborted) return;
    if (attempt >= attempts) throw new ApiError('The event stream kept closing before the generation ended', 0, null);
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}
