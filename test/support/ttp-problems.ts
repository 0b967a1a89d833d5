// TTP instances the engine tests build in code: CIRCn and seeded random distance matrices.
import { createRng } from '../../scheduling/rng.ts';
import { createTtpProblem, type TtpProblem } from '../../scheduling/ttp/problem.ts';

/** CIRCn (Easton, Nemhauser & Trick): teams on a circle, neighbours one apart. */
export function circ(n: number): TtpProblem {
  const d: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d.push(Math.min(Math.abs(i - j), n - Math.abs(i - j)));
  return createTtpProblem(`CIRC${n}`, d);
}

/** A random symmetric distance matrix (zero diagonal, 1–1000), as a TTP with the classical limits. */
export function randomProblem(n: number, seed: number): TtpProblem {
  const rng = createRng(seed);
  const d = new Array(n * n).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const v = 1 + rng.int(1000);
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  return createTtpProblem(`R${n}-${seed}`, d);
}
