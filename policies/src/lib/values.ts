/**
 * Defensive reads of resource properties. A policy sees whatever a program or a state file holds
 * (wrong types included) through @pulumi/policy's unknown-checking proxy, which throws
 * UnknownValueError when a value is unknown during preview.
 */
import { UnknownValueError } from "@pulumi/policy";
import type { PolicyResource, ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

export type Props = Record<string, unknown>;

export function asObject(v: unknown): Props | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Props) : undefined;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** Either the value, or the proxy's UnknownValueError when it cannot be known yet. */
export type Known<T> = { known: true; value: T } | { known: false; error: UnknownValueError };

export function read<T>(get: () => T): Known<T> {
  try {
    return { known: true, value: get() };
  } catch (e) {
    if (e instanceof UnknownValueError) return { known: false, error: e };
    throw e;
  }
}

/**
 * For stack policies: report every definite violation first, then rethrow the first unknown so
 * the SDK adds its "can't run during preview" advisory instead of the whole policy going silent.
 */
export class Unknowns {
  private first?: UnknownValueError;
  note(k: { known: false; error: UnknownValueError }): void {
    this.first ??= k.error;
  }
  rethrow(): void {
    if (this.first) throw this.first;
  }
}

/** A resource validation for several type tokens (pulumi-aws 6 and 7 differ); others are not applicable. */
export function forTypes(
  types: readonly string[],
  check: (props: Props, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
  const validate: ResourceValidation = (args, report) => {
    if (!types.includes(args.type)) return args.notApplicable(`applies to ${types.join(", ")}`);
    return check(args.props as Props, args, report);
  };
  // lets the SDK skip other types without calling us when there is just one token
  if (types.length === 1) Object.assign(validate, { __pulumiType: types[0] });
  return validate;
}

export function ofTypes(resources: PolicyResource[], types: readonly string[]): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type));
}
