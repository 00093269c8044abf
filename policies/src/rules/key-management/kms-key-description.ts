import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { forTypes } from "../../lib/values";
import { KEY_TYPES } from "./shared";

export const kmsKeyDescription = resourcePolicy(
  {
    id: "kms-key-description",
    description:
      "Customer-managed KMS keys have a description saying what they protect, so key inventories and reviews can be documented.",
    category: "key-management",
    hipaa: [HIPAA.documentation],
    severity: "low",
    remediationSteps: 'Set description, e.g. "ePHI data key for tenant <tenant> (<env>)".',
  },
  {
    validateResource: forTypes(KEY_TYPES, (props, _args, report) => {
      const d = props.description;
      if (typeof d !== "string" || d.trim() === "")
        report(`description ${JSON.stringify(d ?? null)} is empty or missing`);
    }),
  },
);
