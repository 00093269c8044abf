import { HIPAA } from "../../catalog/hipaa";
import { DATA_KEY_SPECS, DATA_KEY_USAGE, KEY_SPEC_PROPERTY } from "../../catalog/key-rules";
import { resourcePolicy } from "../../lib/define";
import { forTypes } from "../../lib/values";

export const kmsKeyUsage = resourcePolicy(
  {
    id: "kms-key-usage",
    description: `Customer-managed keys are symmetric data keys (${DATA_KEY_USAGE}, ${DATA_KEY_SPECS.join(", ")}), the only kind AWS services encrypt data at rest with; other keys need an exemption.`,
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest],
    severity: "medium",
    remediationSteps: `Leave keyUsage and the key spec unset or set them to ${DATA_KEY_USAGE} and ${DATA_KEY_SPECS[0]}; register an exemption for a signing or MAC key.`,
  },
  {
    // replicas take their primary's usage and spec
    validateResource: forTypes(Object.keys(KEY_SPEC_PROPERTY), (props, args, report) => {
      const usage = props.keyUsage ?? DATA_KEY_USAGE;
      const specProperty = KEY_SPEC_PROPERTY[args.type];
      const spec = props[specProperty] ?? DATA_KEY_SPECS[0];
      if (usage !== DATA_KEY_USAGE) report(`keyUsage ${JSON.stringify(usage)} is not ${DATA_KEY_USAGE}`);
      if (!(DATA_KEY_SPECS as readonly unknown[]).includes(spec)) {
        report(
          `${specProperty} ${JSON.stringify(spec)} is not a symmetric encryption key spec (${DATA_KEY_SPECS.join(", ")})`,
        );
      }
    }),
  },
);
