// Constraint templates: `validation_logic` = { type, params, … } and `parameter_schema` = a JSON Schema of
// params. A template whose params fail its own schema is rejected — by the check at the end of
// seed_constraint_templates.sql (SQL, so psql runs enforce it too) and, with full JSON Schema semantics, here.
// Services that create templates or policies should call `validateTemplate` / `validatePolicyParameters` too.
import { Ajv, type ErrorObject } from 'ajv';

export interface TemplateLike {
  templateName?: string;
  validationLogic: unknown;
  parameterSchema: unknown;
}

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  return ajv;
}

const ajv = newAjv();

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `params${e.instancePath.replaceAll('/', '.')} ${e.message ?? 'is invalid'}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The parameters of a validation_logic: its `params` object, or — for templates copied from the legacy
 * monolith, which keep them flat — every key but type/scope/source.
 */
export function paramsOf(logic: Record<string, unknown>): unknown {
  if ('params' in logic) return logic.params;
  const { type: _type, scope: _scope, source: _source, ...rest } = logic;
  return rest;
}

/**
 * Problems with a template (empty = valid): validation_logic must name an evaluator `type` and carry a
 * `params` object; parameter_schema must be a valid JSON Schema; params must satisfy it.
 */
export function validateTemplate(template: TemplateLike): string[] {
  const logic = template.validationLogic;
  if (!isObject(logic)) return ['validation_logic is not an object'];
  const problems: string[] = [];
  if (typeof logic.type !== 'string' || logic.type === '') problems.push('validation_logic.type is missing');
  const params = paramsOf(logic);
  if (!isObject(params)) problems.push('validation_logic.params is not an object');
  const schema = template.parameterSchema;
  if (!isObject(schema)) return [...problems, 'parameter_schema is not an object'];
  let validate: ReturnType<Ajv['compile']>;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    return [...problems, `parameter_schema is not a valid JSON Schema: ${(error as Error).message}`];
  }
  if (isObject(params) && !validate(params)) problems.push(...describe(validate.errors));
  return problems;
}

/** Problems with a policy's parameters: the template's defaults overridden by `parameters` must satisfy the schema. */
export function validatePolicyParameters(template: TemplateLike, parameters: unknown): string[] {
  if (!isObject(parameters)) return ['parameters is not an object'];
  const logic = isObject(template.validationLogic) ? template.validationLogic : {};
  const defaults = paramsOf(logic);
  return validateTemplate({
    ...template,
    validationLogic: { type: logic.type, params: { ...(isObject(defaults) ? defaults : {}), ...parameters } },
  });
}

/** Throws one clear error naming every invalid template (and why). */
export function assertTemplatesValid(templates: TemplateLike[]): void {
  const problems = templates.flatMap((t) =>
    validateTemplate(t).map((p) => `template "${t.templateName ?? '(unnamed)'}": ${p}`),
  );
  if (problems.length > 0) {
    throw new Error(`constraint template parameters fail their parameter_schema: ${problems.join('; ')}`);
  }
}
