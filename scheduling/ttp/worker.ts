// Worker-thread entry: one annealing run per 'run' message, posting progress and the result back to the parent. The
// thread stays up between runs (a solve's pilot race and main runs share it), so its start-up is paid once.
import { parentPort, workerData } from 'node:worker_threads';
import { type AnnealOptions, annealTtp } from './anneal.ts';
import type { TtpProblem } from './problem.ts';

export interface TtpWorkerData {
  problem: TtpProblem;
}

export interface TtpRunRequest {
  type: 'run';
  options: Omit<AnnealOptions, 'onProgress'>;
  reportProgress: boolean;
  /** Wall-clock deadline (Date.now() milliseconds) set by the parent. */
  deadline?: number;
}

const data = workerData as TtpWorkerData;
if (parentPort && data) {
  const port = parentPort;
  port.on('message', (request: TtpRunRequest) => {
    const options = { ...request.options };
    if (request.deadline !== undefined) options.seconds = Math.max(0.01, (request.deadline - Date.now()) / 1000);
    const result = annealTtp(data.problem, {
      ...options,
      onProgress: request.reportProgress ? (progress) => port.postMessage({ type: 'progress', progress }) : undefined,
    });
    port.postMessage({ type: 'done', result });
  });
  port.postMessage({ type: 'ready' });
}
