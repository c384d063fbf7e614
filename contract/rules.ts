/**
 * The rule helpers every operation file of the contract builds on: one rule per prop, applied to
 * literal values by the construct (tokens skipped) and to resolved values by the handler, and the
 * error the handler raises for a refused property. Split from common.ts to keep files small.
 */

/**
 * A rule: the message for a bad value (naming the prop and what to do instead), or undefined when it passes.
 *
 * @internal
 */
export type Rule<T> = (value: T) => string | undefined;

/**
 * Tells the construct's side which values are tokens (only known at deploy time); the rules skip them at synth.
 *
 * @internal
 */
export type IsUnresolved = (value: unknown) => boolean;

/**
 * A resource property the handler refuses; its message is the CloudFormation failure reason.
 *
 * @internal
 */
export class InvalidPropertyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPropertyError';
  }
}

/**
 * Synth side: applies a rule to a literal value (a token passes) and throws a plain Error naming the prop.
 *
 * @internal
 */
export function checkLiteral<T>(rule: Rule<T>, value: T, isUnresolved: IsUnresolved): void {
  if (isUnresolved(value)) return;
  const problem = rule(value);
  if (problem) throw new Error(problem);
}

/**
 * Run-time side: applies the same rule to the resolved value.
 *
 * @internal
 */
export function checkResolved<T>(rule: Rule<T>, value: T): T {
  const problem = rule(value);
  if (problem) throw new InvalidPropertyError(problem);
  return value;
}

/**
 * A required string property, or an InvalidPropertyError naming it.
 *
 * @internal
 */
export function requiredString(properties: Record<string, unknown>, key: string): string {
  const value = properties[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidPropertyError(`Property "${key}" is required and must be a non-empty string.`);
  }
  return value;
}

/**
 * One string property under one rule: how the construct encodes it and how the handler decodes it.
 *
 * @internal
 */
export interface StringProperty {
  /** Synth: checks a literal value (a token passes) and returns the wire entry. */
  encode(value: string, isUnresolved: IsUnresolved): Record<string, string>;
  /** Run time: the value, present and accepted by the same rule, or an InvalidPropertyError. */
  decode(properties: Record<string, unknown>): string;
}

/** @internal */
export function stringProperty(key: string, rule: Rule<string>): StringProperty {
  return {
    encode: (value, isUnresolved) => {
      checkLiteral(rule, value, isUnresolved);
      return { [key]: value };
    },
    decode: (properties) => checkResolved(rule, requiredString(properties, key)),
  };
}
