import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { forTypes } from "../../lib/values";
import { KEY_TYPES } from "./shared";

/** aws.kms.Key calls the flag isEnabled; external and replica keys call it enabled. Unset means enabled. */
const ENABLED_PROPERTY: Record<string, string> = { "aws:kms/key:Key": "isEnabled" };

export const kmsKeyEnabled = resourcePolicy(
  {
    id: "kms-key-enabled",
    description:
      "Customer-managed keys are not disabled in code: a disabled key makes every ePHI record it protects unreadable until someone re-enables it.",
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest, HIPAA.riskManagement],
    severity: "medium",
    remediationSteps:
      "Remove isEnabled/enabled: false; retire a key by moving its alias and data to a new key, then schedule deletion with the full waiting period (register an exemption while it is being retired).",
  },
  {
    validateResource: forTypes(KEY_TYPES, (props, args, report) => {
      const property = ENABLED_PROPERTY[args.type] ?? "enabled";
      const v = props[property];
      if (v === false || v === "false") report(`${property} is false: nothing can decrypt what this key protects`);
    }),
  },
);
