// worker_threads entry of a generation job's engine run (started by run.ts when the job starts). It loads the engine,
// then waits for the problem; the time budget arrives as a deadline and becomes seconds only when the run begins.
import { parentPort } from 'node:worker_threads';
import { type OptimizeOptions, optimizeSchedule, type ScheduleProblem } from '../../../scheduling/index.ts';

parentPort?.once(
  'message',
  ({ problem, options, deadline }: { problem: ScheduleProblem; options: OptimizeOptions; deadline: number | null }) => {
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
  },
);
