/**
 * Rules that only need fixed values at fixed property paths (a flag on, a mode set to its encrypted value) are data:
 * a table of `RequiredSetting`s read by one check, so a new service is a few lines and words its messages the same way.
 */
import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { EphiPolicyMeta, resourcePolicy } from "../../lib/define";
import { asObject, forTypes, Props } from "../../lib/values";

type Scalar = string | boolean | number;

export interface RequiredSetting {
  /** property path, e.g. ["encryptionInfo", "encryptionInTransit", "clientBroker"] */
  path: readonly string[];
  allowed: readonly Scalar[];
  /** what AWS applies when the property is unset; "must-set" where sources disagree and only an explicit value is safe */
  whenUnset: Scalar | "must-set";
  /** why any other value fails */
  why: string;
}

/** The value at a path; undefined when a step is missing or not an object (wrong shapes read as unset). */
export function valueAt(props: Props, path: readonly string[]): unknown {
  let v: unknown = props;
  for (const key of path) v = asObject(v)?.[key];
  return v;
}

export function requiredSettingProblem(props: Props, s: RequiredSetting): string | undefined {
  const field = s.path.join(".");
  const v = valueAt(props, s.path);
  const want = s.allowed.map((a) => JSON.stringify(a)).join(" or ");
  if (v === undefined || v === null) {
    if (s.whenUnset === "must-set")
      return `${field} is not set and AWS's default is not documented consistently; set it to ${want} (${s.why})`;
    if (s.allowed.includes(s.whenUnset)) return undefined;
    return `${field} is not set, so AWS uses ${JSON.stringify(s.whenUnset)}: ${s.why}; set it to ${want}`;
  }
  if (s.allowed.includes(v as Scalar)) return undefined;
  return `${field} is ${JSON.stringify(v)}: ${s.why}; set it to ${want}`;
}

/**
 * A resource policy over `types` that reports every failing setting. `applies` returns a reason when a resource is
 * out of scope (e.g. an engine without the setting).
 */
export function requiredSettingsPolicy(
  meta: EphiPolicyMeta,
  types: readonly string[],
  settings: readonly RequiredSetting[],
  applies: (props: Props) => string | undefined = () => undefined,
): ResourceValidationPolicy {
  return resourcePolicy(meta, {
    validateResource: forTypes(types, (props: Props, args, report: ReportViolation) => {
      const outOfScope = applies(props);
      if (outOfScope) return args.notApplicable(outOfScope);
      for (const s of settings) {
        const problem = requiredSettingProblem(props, s);
        if (problem) report(problem);
      }
    }),
  });
}
