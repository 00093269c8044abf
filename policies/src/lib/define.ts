import type { EnforcementLevel, Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { HIPAA_TITLES, HipaaCitation } from "../catalog/hipaa";

/** The evidence categories; each policy carries exactly one as a `category:<name>` tag. */
export type Category = "at-rest" | "in-transit" | "key-management" | "backup" | "audit" | "exemption";

export interface EphiPolicyMeta {
  /** Stable rule id: the policy name users configure and exempt; never derived from a file name. */
  id: string;
  description: string;
  category: Category;
  hipaa: readonly HipaaCitation[];
  severity: "low" | "medium" | "high" | "critical";
  enforcementLevel?: EnforcementLevel;
  remediationSteps: string;
}

/**
 * Carries category and citations where every consumer can read them: `tags` reach the engine in
 * GetAnalyzerInfo, `framework` is what Pulumi Cloud shows for compliance frameworks.
 */
function metadata(m: EphiPolicyMeta): Partial<Policy> {
  return {
    name: m.id,
    description: m.description,
    enforcementLevel: m.enforcementLevel ?? "mandatory",
    severity: m.severity,
    tags: [`category:${m.category}`, ...m.hipaa.map((h) => `hipaa:${h}`)],
    framework: {
      name: "HIPAA Security Rule",
      version: "45 CFR Part 164 Subpart C",
      reference: m.hipaa.join(", "),
      specification: m.hipaa.map((h) => `${h} ${HIPAA_TITLES[h]}`).join("; "),
    },
    remediationSteps: m.remediationSteps,
  };
}

export function resourcePolicy(
  m: EphiPolicyMeta,
  rest: Omit<ResourceValidationPolicy, "name" | "description">,
): ResourceValidationPolicy {
  return { ...rest, ...metadata(m) } as ResourceValidationPolicy;
}

export function stackPolicy(m: EphiPolicyMeta, rest: Omit<StackValidationPolicy, "name" | "description">): StackValidationPolicy {
  return { ...rest, ...metadata(m) } as StackValidationPolicy;
}
