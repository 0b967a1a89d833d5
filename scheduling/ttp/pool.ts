// The worker threads of one solve: started once (tsx start-up costs ≈ 0.5 s per thread), each running one anneal at a
// time, terminated by close().
import { Worker } from 'node:worker_threads';
import { typescriptWorkerSource } from '../worker-source.ts';
import type { AnnealProgress, AnnealResult } from './anneal.ts';
import type { TtpProblem } from './problem.ts';
import type { TtpRunRequest, TtpWorkerData } from './worker.ts';

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; progress: AnnealProgress }
  | { type: 'done'; result: AnnealResult };

/**
 * Resolves with the first `pick(msg)` that is not undefined (`pick` sees every message on the way); rejects when the
 * thread fails or exits first (`during` names the wait in that error).
 */
function nextMessage<T>(worker: Worker, pick: (msg: WorkerMessage) => T | undefined, during: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (msg: WorkerMessage): void => {
      const value = pick(msg);
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`TTP worker exited with code ${code} ${during}`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

export class WorkerPool {
  private constructor(private readonly threads: Worker[]) {}

  /** Starts `size` threads for `problem` and resolves once every one is ready (so start-up is not charged to a run). */
  static async start(problem: TtpProblem, size: number): Promise<WorkerPool> {
    const data: TtpWorkerData = { problem };
    const threads = Array.from(
      { length: size },
      () =>
        new Worker(typescriptWorkerSource(new URL('./worker.ts', import.meta.url)), { eval: true, workerData: data }),
    );
    try {
      await Promise.all(threads.map((t) => nextMessage(t, (m) => m.type === 'ready' || undefined, 'while starting')));
    } catch (err) {
      await Promise.all(threads.map((t) => t.terminate()));
      throw err;
    }
    return new WorkerPool(threads);
  }

  get size(): number {
    return this.threads.length;
  }

  /** Runs one anneal on thread `index` (which must be idle). */
  run(
    index: number,
    options: TtpRunRequest['options'],
    onProgress: ((p: AnnealProgress) => void) | undefined,
    deadline: number | undefined,
  ): Promise<AnnealResult> {
    const worker = this.threads[index];
    const result = nextMessage(
      worker,
      (msg) => {
        if (msg.type === 'progress') onProgress?.(msg.progress);
        return msg.type === 'done' ? msg.result : undefined;
      },
      'before returning a result',
    );
    const request: TtpRunRequest = { type: 'run', options, reportProgress: onProgress !== undefined, deadline };
    worker.postMessage(request);
    return result;
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}
