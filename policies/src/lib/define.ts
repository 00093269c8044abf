import type {
  EnforcementLevel,
  Policy,
  ReportViolation,
  ResourceValidation,
  ResourceValidationPolicy,
  StackValidation,
  StackValidationPolicy,
} from "@pulumi/policy";
import { HIPAA_TITLES, HipaaCitation } from "../catalog/hipaa";
import { findExemption } from "./exemptions";

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

/**
 * A violation of `policy` on a resource that an exemption in force covers is dropped (the register
 * policy lists it instead); an expired or invalid exemption leaves it standing and says why.
 */
function exemptingReporter(policy: string, report: ReportViolation, defaultUrn: string): ReportViolation {
  return (message: string, urn?: string) => {
    const target = urn ?? defaultUrn;
    const exemption = target ? findExemption(policy, target) : undefined;
    if (exemption?.status.state === "in-force") return;
    if (exemption) {
      message = `${message} (exemption ${exemption.entry.id} does not apply: ${exemption.status.reason})`;
    }
    report(message, urn);
  };
}

function exempting(policy: string, validate: ResourceValidation): ResourceValidation {
  const wrapped: ResourceValidation = (args, report) => validate(args, exemptingReporter(policy, report, args.urn));
  // keep the SDK's single-type fast path (see lib/values.ts forTypes)
  const token = (validate as { __pulumiType?: string }).__pulumiType;
  if (token) Object.assign(wrapped, { __pulumiType: token });
  return wrapped;
}

export function resourcePolicy(
  m: EphiPolicyMeta,
  rest: Omit<ResourceValidationPolicy, "name" | "description">,
): ResourceValidationPolicy {
  const v = rest.validateResource;
  const validateResource = Array.isArray(v) ? v.map((f) => exempting(m.id, f)) : v && exempting(m.id, v);
  return { ...rest, ...metadata(m), validateResource } as ResourceValidationPolicy;
}

export function stackPolicy(
  m: EphiPolicyMeta,
  rest: Omit<StackValidationPolicy, "name" | "description">,
): StackValidationPolicy {
  const validate: StackValidation = rest.validateStack;
  const validateStack: StackValidation = (args, report) => validate(args, exemptingReporter(m.id, report, ""));
  return { ...rest, ...metadata(m), validateStack } as StackValidationPolicy;
}

/** For the register policy itself, which must never be exempted from. */
export function policyMetadata(m: EphiPolicyMeta): Partial<Policy> {
  return metadata(m);
}
