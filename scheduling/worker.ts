/**
 * worker_threads entry of {@link optimizeParallel}: runs one seeded optimisation and posts progress and the result.
 * Loaded through tsx by the bootstrap of worker-source.ts, so the TypeScript sources run without a build step.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { OptimizeOptions, ScheduleProblem } from './optimizer.ts';
import { optimizeSchedule } from './optimizer.ts';

const { problem, options } = workerData as { problem: ScheduleProblem; options: OptimizeOptions };
try {
  const result = optimizeSchedule(problem, {
    ...options,
    onProgress: (progress) => parentPort?.postMessage({ type: 'progress', progress }),
  });
  parentPort?.postMessage({ type: 'result', result });
} catch (error) {
  parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
