/** What a family file provides: factories that compile a constraint's parameters into an evaluator, by type. */
import type { ConstraintParams } from './params.ts';
import type { CompileContext, Evaluator } from './types.ts';

type BaseKeys = 'spec' | 'type' | 'severity' | 'weight';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What a factory returns: an evaluator without the fields `createEvaluator` adds from the spec. */
export type FactoryResult<E extends Evaluator = Evaluator> = DistributiveOmit<E, BaseKeys>;

/** Compiles the parameters of one constraint into an evaluator; throws a clear error on bad parameters. */
export type EvaluatorFactory = (p: ConstraintParams, ctx: CompileContext) => FactoryResult;

/** A family of evaluators: `validation_logic.type` → factory. */
export type EvaluatorFamily = Readonly<Record<string, EvaluatorFactory>>;
