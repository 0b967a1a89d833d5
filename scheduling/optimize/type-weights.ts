/**
 * Hard weights per constraint type (CA1, BR2, GA1, …), adapted during the annealing: a type still violated weighs
 * more at each adaptation, a satisfied one less (never below 1), so the walk pushes hardest on the kinds of hard
 * constraint it keeps breaking instead of paying one price for every hard violation. Written into the incremental
 * evaluator's per-constraint `hardWeights` (its `lastWeightedHard` is then the weighted hard delta); the global hard
 * weight's oscillation multiplies on top.
 */
import type { IncrementalEvaluator } from '../evaluate/index.ts';

export interface TypeWeightSettings {
  /** Factor applied to a violated type's weight at each adaptation (> 1). */
  raise: number;
  /** Divisor applied to a satisfied type's weight at each adaptation (> 1). */
  lower: number;
  /** Largest weight of a type. */
  max: number;
}

export const DEFAULT_TYPE_WEIGHTS: TypeWeightSettings = { raise: 1.2, lower: 1.1, max: 64 };

export class TypeHardWeights {
  /** The hard constraint types, and per type its weight. */
  readonly types: string[];
  readonly weights: Float64Array;
  /** Per hard constraint of the evaluator, the index of its type; -1 for soft constraints. */
  private readonly typeOf: Int32Array;
  private readonly violated: Uint8Array;

  constructor(
    private readonly evaluator: IncrementalEvaluator,
    private readonly settings: TypeWeightSettings = DEFAULT_TYPE_WEIGHTS,
  ) {
    if (!(settings.raise > 1 && settings.lower > 1 && settings.max >= 1))
      throw new Error(`type hard weights: raise and lower must be > 1 and max ≥ 1, got ${JSON.stringify(settings)}`);
    const types: string[] = [];
    this.typeOf = Int32Array.from(evaluator.evaluators, (e) => {
      if (e.severity !== 'hard') return -1;
      let k = types.indexOf(e.type);
      if (k < 0) k = types.push(e.type) - 1;
      return k;
    });
    this.types = types;
    this.weights = new Float64Array(types.length).fill(1);
    this.violated = new Uint8Array(types.length);
    this.apply();
  }

  /** The weight of a type (1 for a type with no hard constraint). */
  weightOf(type: string): number {
    const k = this.types.indexOf(type);
    return k < 0 ? 1 : this.weights[k];
  }

  /** Raises the weight of every type with a violated constraint now, lowers the others; writes them through. */
  adapt(): void {
    const { raise, lower, max } = this.settings;
    const penalties = this.evaluator.penalties;
    this.violated.fill(0);
    for (let c = 0; c < this.typeOf.length; c++)
      if (this.typeOf[c] >= 0 && penalties[c] > 0) this.violated[this.typeOf[c]] = 1;
    for (let k = 0; k < this.weights.length; k++) {
      this.weights[k] =
        this.violated[k] === 1 ? Math.min(max, this.weights[k] * raise) : Math.max(1, this.weights[k] / lower);
    }
    this.apply();
  }

  private apply(): void {
    const hardWeights = this.evaluator.hardWeights;
    for (let c = 0; c < this.typeOf.length; c++) if (this.typeOf[c] >= 0) hardWeights[c] = this.weights[this.typeOf[c]];
  }
}
