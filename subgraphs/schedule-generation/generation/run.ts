// Step 3 of a generation job: the engine on a worker thread (synchronous CPU work: off the event loop, so the service
// keeps answering and the queue keeps its job lock alive), with progress callbacks; an abort terminates the thread.
// A thread is started ahead of the job that will use it (EngineThreads keeps one loaded spare from the moment a worker
// starts), so loading the engine (seconds through tsx on a busy machine) happens between jobs instead of eating into a
// job's time limit.
import { Worker } from 'node:worker_threads';
import type { OptimizeOptions, OptimizeResult, Progress, ScheduleProblem } from '../../../scheduling/index.ts';
import { typescriptWorkerSource } from '../../../scheduling/worker-source.ts';

export class EngineAborted extends Error {
  override name = 'EngineAborted';
}

export interface EngineThread {
  /**
   * Runs the engine once. With `deadline` (epoch ms) the run's seconds are what is left of it when the thread starts
   * on the problem.
   */
  run(
    problem: ScheduleProblem,
    options: Omit<OptimizeOptions, 'onProgress'>,
    onProgress: (p: Progress) => void,
    signal: AbortSignal,
    deadline?: number | null,
  ): Promise<OptimizeResult>;
  /** Stops the thread (a no-op once it has answered). */
  close(): void;
}

type Message = { type: string; progress?: Progress; result?: OptimizeResult; message?: string };

export function startEngineThread(): EngineThread {
  const worker = new Worker(typescriptWorkerSource(new URL('./engine-thread.ts', import.meta.url)), { eval: true });
  worker.unref(); // a spare thread waiting for a job keeps no process alive
  let failure: Error | null = null;
  let listener: ((msg: Message) => void) | null = null;
  let fail: (error: Error) => void = (error) => {
    failure = error;
  };
  worker.on('message', (msg: Message) => listener?.(msg));
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(new Error(`engine thread exited with code ${code}`)));
  return {
    run(problem, options, onProgress, signal, deadline = null) {
      return new Promise<OptimizeResult>((resolve, reject) => {
        if (signal.aborted) return reject(new EngineAborted(String(signal.reason ?? 'aborted')));
        if (failure) return reject(failure);
        let settled = false;
        const finish = (fn: () => void) => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          fn();
        };
        const onAbort = () => {
          finish(() =>
            reject(new EngineAborted(String((signal.reason as Error)?.message ?? signal.reason ?? 'aborted'))),
          );
          void worker.terminate();
        };
        signal.addEventListener('abort', onAbort);
        fail = (error) => finish(() => reject(error));
        listener = (msg) => {
          if (msg.type === 'progress' && msg.progress) onProgress(msg.progress);
          else if (msg.type === 'result' && msg.result) finish(() => resolve(msg.result as OptimizeResult));
          else if (msg.type === 'error') finish(() => reject(new Error(msg.message)));
        };
        worker.ref();
        worker.postMessage({ problem, options, deadline });
      });
    },
    close() {
      void worker.terminate();
    },
  };
}

/** One engine thread kept loaded for the next job: take() hands it over and starts loading another. */
export class EngineThreads {
  private spare: EngineThread | null = null;

  /** Starts loading a thread now (a worker that will take jobs is starting). */
  warm(): void {
    this.spare ??= startEngineThread();
  }

  take(): EngineThread {
    const thread = this.spare ?? startEngineThread();
    this.spare = startEngineThread();
    return thread;
  }

  close(): void {
    this.spare?.close();
    this.spare = null;
  }
}
