import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { dutyConflicts, parseKeyPolicy } from "../../lib/key-policy";
import { asString, ofTypes, read, Unknowns } from "../../lib/values";
import { customerKeys, keyForRef, KEY_POLICY_TYPE } from "./shared";

/** The aws.kms.KeyPolicy resources attached to a key, through propertyDependencies or by key id. */
function attachedPolicies(key: PolicyResource, policies: PolicyResource[], stack: PolicyResource[]): PolicyResource[] {
  return policies.filter((p) => {
    if ((p.propertyDependencies["keyId"] ?? []).some((d) => d.urn === key.urn)) return true;
    const id = read(() => asString(p.props.keyId));
    return id.known && id.value !== undefined && keyForRef(id.value, stack)?.urn === key.urn;
  });
}

function checkDocument(owner: string, doc: unknown, urn: string, report: ReportViolation, unknowns: Unknowns): void {
  const parsed = read(() => parseKeyPolicy(doc));
  if (!parsed.known) return unknowns.note(parsed);
  if (!parsed.value.ok)
    return report(`${owner}: ${parsed.value.reason}, so separation of duties cannot be verified`, urn);
  const some = (actions: string[]) => `${actions.slice(0, 3).join(", ")}${actions.length > 3 ? ", ..." : ""}`;
  for (const c of dutyConflicts(parsed.value.statements)) {
    // the console's administrator statement has kms:Create*, which covers CreateGrant: a way to give oneself use
    const grantOnly =
      c.use.length === 1 && c.use[0] === "kms:CreateGrant" ? " (list kms:CreateAlias rather than kms:Create*)" : "";
    report(
      `${owner}: ${c.principal} both administers the key (${some(c.admin)}) and uses it (${some(c.use)})${grantOnly}; give administrators and users separate principals`,
      urn,
    );
  }
}

export const kmsKeySeparationOfDuties = stackPolicy(
  {
    id: "kms-key-separation-of-duties",
    description:
      "Every customer-managed key has an explicit key policy in which no principal is both a key administrator and a key user.",
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest, HIPAA.riskManagement],
    severity: "high",
    remediationSteps:
      "Attach an explicit key policy (Key.policy or aws.kms.KeyPolicy): administrator roles get kms:Create*, Put*, Update*, Enable*, Disable*, Revoke*, TagResource, UntagResource, ScheduleKeyDeletion, CancelKeyDeletion but no cryptographic actions; user roles get Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey (ideally via kms:ViaService); do not give the account root kms:*.",
  },
  {
    // An absent policy is a violation: AWS's default key policy grants the account root kms:*, so every IAM
    // principal its IAM policies allow may both manage and use the key; the key itself separates nothing.
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const keys = customerKeys(args.resources);
      const keyPolicies = ofTypes(args.resources, [KEY_POLICY_TYPE]);
      if (keys.length === 0 && keyPolicies.length === 0)
        return args.notApplicable("no customer-managed KMS keys in the stack");
      const unknowns = new Unknowns();
      for (const key of keys) {
        const policy = read(() => key.props.policy as unknown);
        if (!policy.known) {
          unknowns.note(policy);
        } else if (policy.value !== undefined && policy.value !== null) {
          checkDocument(`key ${key.name}`, policy.value, key.urn, report, unknowns);
        } else if (attachedPolicies(key, keyPolicies, args.resources).length === 0) {
          report(
            `key ${key.name} has no explicit key policy, so AWS applies the default one: the account root gets kms:* and every IAM principal allowed by IAM can both administer and use the key`,
            key.urn,
          );
        }
      }
      for (const p of keyPolicies) {
        const policy = read(() => p.props.policy as unknown);
        if (policy.known) checkDocument(`key policy ${p.name}`, policy.value, p.urn, report, unknowns);
        else unknowns.note(policy);
      }
      unknowns.rethrow();
    },
  },
);
