// Runs one optimisation on a worker thread (the engine is synchronous CPU work: off the event loop, so the service
// keeps answering and the queue keeps its job lock alive), with progress callbacks; an abort terminates the thread.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OptimizeOptions, OptimizeResult, Progress, ScheduleProblem } from '../../../scheduling/index.ts';

/**
 * The thread's entry: scheduling/worker.ts loaded through tsx's `tsImport` (Node 20 does not apply tsx's hooks to
 * a worker's own TypeScript entry file), the same bootstrap as scheduling/parallel.ts.
 */
function bootstrap(): string {
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.c?js$/, '.mjs'),
  ).href;
  const entry = new URL('../../../scheduling/worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
}

export class EngineAborted extends Error {
  override name = 'EngineAborted';
}

export function runEngine(
  problem: ScheduleProblem,
  options: Omit<OptimizeOptions, 'onProgress'>,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
): Promise<OptimizeResult> {
  return new Promise<OptimizeResult>((resolve, reject) => {
    if (signal.aborted) return reject(new EngineAborted(String(signal.reason ?? 'aborted')));
    const worker = new Worker(bootstrap(), { eval: true, workerData: { problem, options } });
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
