import type { Policy, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { policyMetadata } from "../../lib/define";
import {
  EXEMPTIONS_SCHEMA,
  ExemptionEntry,
  exemptionStatus,
  coversResource,
  register,
  REVIEW_SOON_DAYS,
  setRegister,
  todayUtc,
} from "../../lib/exemptions";

/**
 * The register's own policy: holds the entries in its config, refreshes the shared register before
 * the other policies run (the pack lists it first), and lists each exemption in force on the
 * resources it covers, with its justification and review date.
 */
export function encryptionAlternativeMeasures(policyNames: () => ReadonlySet<string>): Policy {
  return {
    ...policyMetadata({
      id: "encryption-alternative-measures",
      description:
        "Exemptions in force: documented alternatives to encryption, with justification, compensating controls, sign-off and review date.",
      category: "exemption",
      hipaa: [HIPAA.riskManagement, HIPAA.documentation],
      severity: "medium",
      enforcementLevel: "advisory",
      remediationSteps:
        "Review each exemption by its reviewBy date: fix the resource and remove the entry, or re-approve it for at most 12 months.",
    }),
    name: "encryption-alternative-measures",
    description:
      "Exemptions in force: documented alternatives to encryption, with justification, compensating controls, sign-off and review date.",
    configSchema: { properties: { exemptions: EXEMPTIONS_SCHEMA } },
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      setRegister(args.getConfig<{ exemptions?: ExemptionEntry[] }>().exemptions, policyNames());
      const today = todayUtc();
      for (const e of register.entries) {
        if (!coversResource(e, args.urn)) continue;
        const status = exemptionStatus(e, register.policies, today);
        if (status.state !== "in-force") continue;
        const soon = status.daysToReview <= REVIEW_SOON_DAYS ? ` (review due in ${status.daysToReview} days)` : "";
        report(
          `exemption ${e.id} exempts this resource from ${e.policy} until ${e.reviewBy}${soon}: ${e.justification} ` +
            `Compensating controls: ${(e.compensatingControls ?? []).join("; ")}. Risk accepted by ${e.riskAcceptedBy} on ${e.approvedOn}.`,
        );
      }
    },
  } as Policy;
}

/** Mandatory: an entry that exempts nothing (expired, incomplete, unknown policy, over a year) must be fixed. */
export const exemptionRegisterValid: Policy = {
  ...policyMetadata({
    id: "exemption-register-valid",
    description:
      "Every exemption in the register is complete, names a policy of this pack and is reviewed at least every 12 months.",
    category: "exemption",
    hipaa: [HIPAA.riskManagement, HIPAA.documentation],
    severity: "high",
    remediationSteps:
      "Complete the entry (justification, compensatingControls, riskAcceptedBy, approvedOn, reviewBy within 12 months), re-approve an expired one, or remove it once the resource is fixed.",
  }),
  name: "exemption-register-valid",
  description:
    "Every exemption in the register is complete, names a policy of this pack and is reviewed at least every 12 months.",
  validateStack: (_args: StackValidationArgs, report: ReportViolation) => {
    const today = todayUtc();
    const ids = new Set<string>();
    for (const e of register.entries) {
      if (ids.has(e.id)) report(`exemption ${e.id} appears more than once in the register`);
      ids.add(e.id);
      const status = exemptionStatus(e, register.policies, today);
      if (status.state !== "in-force")
        report(`exemption ${e.id} (${e.policy}, ${e.resource}) exempts nothing: ${status.state}, ${status.reason}`);
    }
  },
} as Policy;
