// Worker-thread entry: runs one annealing run and posts progress and the result back to the parent.
import { parentPort, workerData } from 'node:worker_threads';
import { type AnnealOptions, annealTtp } from './anneal.ts';
import type { TtpProblem } from './problem.ts';

export interface TtpWorkerData {
  problem: TtpProblem;
  options: Omit<AnnealOptions, 'onProgress'>;
  reportProgress: boolean;
  /** Wall-clock deadline (Date.now() milliseconds) set by the parent, so thread start-up counts against the budget. */
  deadline?: number;
}

const data = workerData as TtpWorkerData;
if (parentPort && data) {
  const port = parentPort;
  const options = { ...data.options };
  if (data.deadline !== undefined) options.seconds = Math.max(0.01, (data.deadline - Date.now()) / 1000);
  const result = annealTtp(data.problem, {
    ...options,
    onProgress: data.reportProgress ? (progress) => port.postMessage({ type: 'progress', progress }) : undefined,
  });
  port.postMessage({ type: 'done', result });
}
