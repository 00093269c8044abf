import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { parseKeyPolicy, unpinnedServiceGrants, wildcardGrants } from "../../lib/key-policy";
import { forTypes } from "../../lib/values";
import { KEY_POLICY_TYPE, KEY_TYPES } from "./shared";

export const kmsKeyPolicyLeastPrivilege = resourcePolicy(
  {
    id: "kms-key-policy-least-privilege",
    description:
      'Key policies grant nothing sensitive (kms:*, Decrypt, ReEncrypt*, CreateGrant, policy and life-cycle changes) to Principal "*" without a condition pinning the caller, and let service principals use the key only under their documented confused-deputy conditions.',
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest],
    severity: "critical",
    remediationSteps:
      'Name principals explicitly, or pin "*" with aws:PrincipalAccount / aws:PrincipalOrgID / kms:CallerAccount; give CloudWatch Logs a kms:EncryptionContext:aws:logs:arn condition and CloudTrail aws:SourceArn or kms:EncryptionContext:aws:cloudtrail:arn.',
  },
  {
    // An absent policy means AWS's default key policy, which grants kms:* to the account (through IAM), not to "*":
    // nothing for this rule; kms-key-separation-of-duties reports the missing explicit policy.
    validateResource: forTypes([...KEY_TYPES, KEY_POLICY_TYPE], (props, _args, report) => {
      if (props.policy === undefined || props.policy === null) return;
      const parsed = parseKeyPolicy(props.policy);
      if (!parsed.ok) return report(`${parsed.reason}, so its grants cannot be verified`);
      for (const f of [...wildcardGrants(parsed.statements), ...unpinnedServiceGrants(parsed.statements)])
        report(f.message);
    }),
  },
);
