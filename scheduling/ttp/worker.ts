// Worker-thread entry: runs one annealing run and posts progress and the result back to the parent.
import { parentPort, workerData } from 'node:worker_threads';
import { type AnnealOptions, annealTtp } from './anneal.ts';
import type { TtpProblem } from './problem.ts';

export interface TtpWorkerData {
  problem: TtpProblem;
  options: Omit<AnnealOptions, 'onProgress'>;
  reportProgress: boolean;
}

const data = workerData as TtpWorkerData;
if (parentPort && data) {
  const port = parentPort;
  const result = annealTtp(data.problem, {
    ...data.options,
    onProgress: data.reportProgress ? (progress) => port.postMessage({ type: 'progress', progress }) : undefined,
  });
  port.postMessage({ type: 'done', result });
}
