import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { armReferences, evaluateArm, isArmExpression, parseArmExpression, type ArmNode, type ArmValue } from './armExpression';

/** The repository's `deploymentTemplates/` folder. */
export const DEPLOYMENT_TEMPLATES = join(__dirname, '..', '..', '..', 'deploymentTemplates');

/** An ARM template or parameters file as JSON. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A parameter declaration of a template. */
export interface ArmParameter {
  readonly type: string;
  readonly defaultValue?: Json;
}

/** The parts of a template the tests read. */
export interface ArmTemplate {
  readonly parameters?: Record<string, ArmParameter>;
  readonly variables?: Record<string, Json>;
  readonly resources: Record<string, Json>[];
  readonly outputs?: Record<string, Json>;
}

/** Reads a JSON file under `deploymentTemplates/`. */
export function readDeploymentFile<T = Json>(relativePath: string): T {
  return JSON.parse(readFileSync(join(DEPLOYMENT_TEMPLATES, relativePath), 'utf8')) as T;
}

/** A template and every expression evaluated in its scope, with where it stands (`resources[3].properties.value`). */
export interface ExpressionScope {
  readonly template: ArmTemplate;
  readonly expressions: readonly { readonly where: string; readonly node: ArmNode }[];
}

/**
 * Splits a template into its expression scopes: its own, and one per nested deployment evaluated in `inner` scope
 * (whose `parameters()` and `variables()` are the nested template's). Throws on an expression that does not parse.
 */
export function expressionScopes(template: ArmTemplate): ExpressionScope[] {
  const scopes: ExpressionScope[] = [];
  const expressions: { where: string; node: ArmNode }[] = [];
  const visit = (value: Json, where: string): void => {
    if (typeof value === 'string') {
      if (isArmExpression(value)) expressions.push({ where, node: parseArmExpression(value) });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${where}[${index}]`));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const inner = (value.expressionEvaluationOptions as { scope?: string } | undefined)?.scope === 'inner';
    for (const [key, child] of Object.entries(value)) {
      if (isArmExpression(key)) expressions.push({ where: `${where}{key}`, node: parseArmExpression(key) });
      if (inner && key === 'template') scopes.push(...expressionScopes(child as unknown as ArmTemplate));
      else visit(child, `${where}.${key}`);
    }
  };
  visit(template as unknown as Json, '$');
  return [{ template, expressions }, ...scopes];
}

/** Every `parameters('…')` and `variables('…')` name a scope uses. */
export function scopeReferences(scope: ExpressionScope): { parameters: Set<string>; variables: Set<string> } {
  const parameters = new Set<string>();
  const variables = new Set<string>();
  for (const { node } of scope.expressions) {
    const found = armReferences(node);
    found.parameters.forEach((name) => parameters.add(name));
    found.variables.forEach((name) => variables.add(name));
  }
  return { parameters, variables };
}

/**
 * Evaluates template values offline with the given parameter values (a declared default where none is given);
 * objects (their keys too) and arrays are evaluated member by member.
 */
export function armEvaluator(template: ArmTemplate, parameterValues: Record<string, Json>): (value: Json) => ArmValue {
  const evaluateValue = (value: Json): ArmValue => {
    if (typeof value === 'string') return isArmExpression(value) ? evaluateArm(parseArmExpression(value), scope) : value.replace(/^\[\[/, '[');
    if (Array.isArray(value)) return value.map(evaluateValue);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [isArmExpression(key) ? String(evaluateValue(key)) : key, evaluateValue(child)]));
    return value;
  };
  const scope = {
    parameter(name: string): ArmValue {
      if (name in parameterValues) return parameterValues[name] as ArmValue;
      const declared = template.parameters?.[name];
      if (!declared) throw new Error(`parameter ${name} is not declared`);
      if (declared.defaultValue === undefined) throw new Error(`parameter ${name} has no value and no default`);
      return evaluateValue(declared.defaultValue);
    },
    variable(name: string): ArmValue {
      const value = template.variables?.[name];
      if (value === undefined) throw new Error(`variable ${name} is not declared`);
      return evaluateValue(value);
    },
  };
  return evaluateValue;
}
