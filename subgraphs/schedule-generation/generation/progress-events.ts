// A generation's live progress on the event bus (in-process, or Redis Streams so that workers on other machines reach
// every gateway): `generation.progress` while the engine runs, `generation.finished` once, when it ends. The gateway's
// SSE route (GET /api/v2/schedule-generation/generations/{id}/events) follows them; the job rows stay the record.
import type pino from 'pino';
import { EVENT_TYPES, publishEvent } from '../../kit/events/index.ts';

export interface GenerationProgress {
  generationId: number;
  jobId: number;
  conferenceId: number | null;
  /** 0…100 */
  percent: number;
  /** Since the job started on its worker, ms. */
  elapsedMs: number;
  bestCost?: number;
  hardViolations?: number;
  softPenalty?: number;
  iteration?: number;
}

export interface GenerationFinished {
  generationId: number;
  jobId: number;
  conferenceId: number | null;
  status: 'completed' | 'failed' | 'cancelled';
  scheduleId?: number | null;
  versionId?: number | null;
  hardViolations?: number;
  softPenalty?: number;
  errorMessage?: string | null;
}

const finiteOrNull = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);

export function publishGenerationProgress(p: GenerationProgress, log?: pino.Logger): Promise<void> {
  return publishEvent(
    EVENT_TYPES.generationProgress,
    {
      generationId: p.generationId,
      jobId: p.jobId,
      conferenceId: p.conferenceId,
      status: 'running',
      percent: Math.round(Math.max(0, Math.min(100, p.percent)) * 10) / 10,
      elapsedMs: p.elapsedMs,
      bestCost: finiteOrNull(p.bestCost),
      hardViolations: finiteOrNull(p.hardViolations),
      softPenalty: finiteOrNull(p.softPenalty),
      iteration: finiteOrNull(p.iteration),
    },
    log,
  );
}

export function publishGenerationFinished(f: GenerationFinished, log?: pino.Logger): Promise<void> {
  return publishEvent(
    EVENT_TYPES.generationFinished,
    {
      scheduleId: null,
      versionId: null,
      errorMessage: null,
      ...f,
      hardViolations: finiteOrNull(f.hardViolations),
      softPenalty: finiteOrNull(f.softPenalty),
    },
    log,
  );
}
