/**
 * Several optimisation runs in parallel on worker_threads (one seed each); the best result wins
 * (fewest hard violations, then lowest soft penalty; ties go to the lowest seed, so the outcome is
 * deterministic under an iteration budget).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { OptimizeOptions, OptimizeResult, Progress, ScheduleProblem } from './optimizer.ts';
import { optimizeSchedule } from './optimizer.ts';
import { typescriptWorkerSource } from './worker-source.ts';

export interface ParallelOptions extends Omit<OptimizeOptions, 'onProgress'> {
  /** Number of runs / worker threads (default: available parallelism). 1 runs in this thread. */
  workers?: number;
  /** Progress of each run, tagged with its worker index. */
  onProgress?: (progress: Progress & { worker: number; seed: number }) => void;
}

/** Runs `workers` seeded optimisations (seeds seed, seed+1, …) in parallel and returns the best result. */
export async function optimizeParallel(
  problem: ScheduleProblem,
  options: ParallelOptions = {},
): Promise<OptimizeResult> {
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const seed = options.seed ?? 1;
  const { onProgress, workers: _w, ...rest } = options;
  if (workers === 1) {
    return optimizeSchedule(problem, { ...rest, seed, onProgress: (p) => onProgress?.({ ...p, worker: 0, seed }) });
  }
  const bootstrap = typescriptWorkerSource(new URL('./worker.ts', import.meta.url));
  const runs = Array.from({ length: workers }, (_, w) => {
    const runSeed = seed + w;
    return new Promise<OptimizeResult>((resolve, reject) => {
      const worker = new Worker(bootstrap, {
        eval: true,
        workerData: { problem, options: { ...rest, seed: runSeed } },
      });
      let settled = false;
      worker.on('message', (msg: { type: string; progress?: Progress; result?: OptimizeResult; message?: string }) => {
        if (msg.type === 'progress' && msg.progress) onProgress?.({ ...msg.progress, worker: w, seed: runSeed });
        else if (msg.type === 'result' && msg.result) {
          settled = true;
          resolve(msg.result);
        } else if (msg.type === 'error') {
          settled = true;
          reject(new Error(msg.message));
        }
      });
      worker.on('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`optimisation worker ${w} exited with code ${code}`));
      });
    });
  });
  const results = await Promise.all(runs);
  let best = results[0];
  for (const r of results.slice(1)) {
    if (
      r.hardViolations < best.hardViolations ||
      (r.hardViolations === best.hardViolations && r.softPenalty < best.softPenalty)
    ) {
      best = r;
    }
  }
  return best;
}
