import { HIPAA } from "../../catalog/hipaa";
import { resourcePolicy } from "../../lib/define";
import { forTypes } from "../../lib/values";
import { effectiveTags, KEY_TYPES, ownerTags, TAG_CONFIG_SCHEMA, TagConfig, tagConfig } from "./shared";

export const kmsKeyTags = resourcePolicy(
  {
    id: "kms-key-tags",
    description:
      "Every customer-managed KMS key carries tenant, environment and purpose tags (names configurable), the basis of key separation.",
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest, HIPAA.documentation],
    severity: "high",
    remediationSteps:
      "Tag the key with its tenant, environment and purpose (tags or the provider's defaultTags); ephi-guard's TenantKeyring does.",
  },
  {
    configSchema: { properties: TAG_CONFIG_SCHEMA },
    validateResource: forTypes(KEY_TYPES, (props, args, report) => {
      const t = tagConfig(args.getConfig<Partial<TagConfig>>());
      const owner = ownerTags(effectiveTags(props, args.provider), t);
      const missing = [
        ["tenant", t.tenantTag, owner.tenant],
        ["environment", t.environmentTag, owner.environment],
        ["purpose", t.purposeTag, owner.purpose],
      ].filter(([, , v]) => v === undefined);
      if (missing.length > 0) {
        report(
          `the key has no ${missing.map(([what, tag]) => `${what} tag (${tag})`).join(", ")}; untagged keys cannot be kept apart by tenant and environment`,
        );
      }
    }),
  },
);
