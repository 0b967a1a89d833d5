// worker_threads entry of a generation job's engine run (loaded by run.ts). The time budget arrives as a deadline
// and becomes seconds only here, after the engine's modules are loaded: loading them through tsx takes a second or
// more on a busy machine, and a budget fixed before that overran the job's time limit by as much.
import { parentPort, workerData } from 'node:worker_threads';
import { type OptimizeOptions, optimizeSchedule, type ScheduleProblem } from '../../../scheduling/index.ts';

const { problem, options, deadline } = workerData as {
  problem: ScheduleProblem;
  options: OptimizeOptions;
  /** Epoch ms by which the result must be posted (time budgets only). */
  deadline: number | null;
};
try {
  const seconds = deadline === null ? options.seconds : Math.max(0.05, (deadline - Date.now()) / 1000);
  const result = optimizeSchedule(problem, {
    ...options,
    ...(seconds === undefined ? {} : { seconds }),
    onProgress: (progress) => parentPort?.postMessage({ type: 'progress', progress }),
  });
  parentPort?.postMessage({ type: 'result', result });
} catch (error) {
  parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
