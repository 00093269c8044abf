/** Argument checks shared by the components; each error names the argument so a bad config is easy to trace. */

/** Throws unless `value` is an integer in [min, max]. */
export function assertIntegerInRange(argName: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Invalid ${argName} ${value}: must be an integer between ${min} and ${max}`);
  }
}

/** Throws unless `value` is one of `allowed`; narrows the type for the caller. */
export function assertOneOf<T extends string>(
  argName: string,
  value: string,
  allowed: readonly T[],
): asserts value is T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`Invalid ${argName} ${JSON.stringify(value)}: must be one of ${allowed.join(", ")}`);
  }
}

/** Throws when a required Input is missing or an empty string (an empty key ARN falls back to an AWS-managed key). */
export function assertPresent(argName: string, value: unknown, what: string): void {
  if (value === undefined || value === null || value === "") {
    throw new Error(`Invalid ${argName}: ${what} is required`);
  }
}

/** Throws unless `values` is a non-empty list. */
export function assertNonEmpty(argName: string, values: readonly unknown[] | undefined, what: string): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new Error(`Invalid ${argName}: at least one ${what} is required`);
  }
}
