import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { forTypes } from "../../lib/values";
import { KEY_POLICY_TYPE, KEY_TYPES } from "./shared";

export const kmsKeyPolicyLockoutCheck = resourcePolicy(
  {
    id: "kms-key-policy-lockout-check",
    description:
      "Key policies never bypass KMS's lockout safety check, which refuses a policy that would leave nobody able to manage the key (and the ePHI it protects).",
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest, HIPAA.riskManagement],
    severity: "critical",
    remediationSteps:
      "Remove bypassPolicyLockoutSafetyCheck (it defaults to false) and make the key policy name a key administrator.",
  },
  {
    validateResource: forTypes([...KEY_TYPES, KEY_POLICY_TYPE], (props, _args, report) => {
      const bypass = props.bypassPolicyLockoutSafetyCheck;
      // the provider coerces the string "true" as well
      if (bypass === true || (typeof bypass === "string" && bypass.toLowerCase() === "true")) {
        report(
          "bypassPolicyLockoutSafetyCheck is true: KMS will accept a policy that locks every administrator out of the key",
        );
      }
    }),
  },
);
