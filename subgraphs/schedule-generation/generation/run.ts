// Runs one optimisation on a worker thread (the engine is synchronous CPU work: off the event loop, so the service
// keeps answering and the queue keeps its job lock alive), with progress callbacks; an abort terminates the thread.
import { Worker } from 'node:worker_threads';
import type { OptimizeOptions, OptimizeResult, Progress, ScheduleProblem } from '../../../scheduling/index.ts';
import { typescriptWorkerSource } from '../../../scheduling/worker-source.ts';

export class EngineAborted extends Error {
  override name = 'EngineAborted';
}

/**
 * Runs the engine on a thread (engine-thread.ts). With `deadline` (epoch ms) the run's seconds are what is left of
 * it once the thread has loaded the engine, so thread start-up does not overrun a time limit.
 */
export function runEngine(
  problem: ScheduleProblem,
  options: Omit<OptimizeOptions, 'onProgress'>,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
  deadline: number | null = null,
): Promise<OptimizeResult> {
  return new Promise<OptimizeResult>((resolve, reject) => {
    if (signal.aborted) return reject(new EngineAborted(String(signal.reason ?? 'aborted')));
    const worker = new Worker(typescriptWorkerSource(new URL('./engine-thread.ts', import.meta.url)), {
      eval: true,
      workerData: { problem, options, deadline },
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      finish(() => reject(new EngineAborted(String((signal.reason as Error)?.message ?? signal.reason ?? 'aborted'))));
      void worker.terminate();
    };
    signal.addEventListener('abort', onAbort);
    worker.on('message', (msg: { type: string; progress?: Progress; result?: OptimizeResult; message?: string }) => {
      if (msg.type === 'progress' && msg.progress) onProgress(msg.progress);
      else if (msg.type === 'result' && msg.result) finish(() => resolve(msg.result as OptimizeResult));
      else if (msg.type === 'error') finish(() => reject(new Error(msg.message)));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`engine thread exited with code ${code}`))));
  });
}
