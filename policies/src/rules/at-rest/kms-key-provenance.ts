import type { PolicyResource } from "@pulumi/policy";
import { AT_REST_ROWS } from "../../catalog/encryption-at-rest";
import { HIPAA } from "../../catalog/hipaa";
import { keyReferences } from "../../lib/at-rest-check";
import { stackPolicy } from "../../lib/define";
import { classifyKeyRef } from "../../lib/kms";
import { read } from "../../lib/values";
import { effectiveTags, Owner, stackOwner, TAG_CONFIG_SCHEMA, tagConfig } from "../key-management/shared";

/** A key from outside the stack that the pack config vouches for, optionally for one tenant and environment. */
export interface TrustedKey {
  arn?: string;
  /** `*` matches any run of characters, e.g. `arn:aws:kms:us-east-1:111122223333:key/*` */
  pattern?: string;
  tenant?: string;
  environment?: string;
}

interface ProvenanceConfig {
  trustedKeys?: TrustedKey[];
  tenantTag?: string;
  environmentTag?: string;
}

function globMatches(pattern: string, value: string): boolean {
  const re = pattern
    .split("*")
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${re}$`).test(value);
}

/** The resource's tenant and environment: its tags (provider defaultTags included), else the stack's. */
function ownerOf(r: PolicyResource, config: ProvenanceConfig, stack: Owner): Owner {
  const t = tagConfig(config);
  const tags = read(() => effectiveTags(r.props, r.provider));
  const own = tags.known ? tags.value : {};
  return { tenant: own[t.tenantTag] ?? stack.tenant, environment: own[t.environmentTag] ?? stack.environment };
}

export function trusted(ref: string, keys: readonly TrustedKey[], tenant?: string, environment?: string): boolean {
  return keys.some(
    (k) =>
      (k.arn === ref || (k.pattern !== undefined && globMatches(k.pattern, ref))) &&
      (k.tenant === undefined || k.tenant === tenant) &&
      (k.environment === undefined || k.environment === environment),
  );
}

/**
 * A literal key ARN from outside the stack may be an AWS-managed key (their ARNs look like any
 * other key's), so the at-rest rules let it pass and this advisory asks for the allow-list.
 */
export const kmsKeyProvenance = stackPolicy(
  {
    id: "kms-key-provenance",
    description:
      "Keys named by ARN from outside the stack are on the pack's allow-list of customer-managed keys for the resource's tenant and environment.",
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest, HIPAA.riskManagement],
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps:
      "Create the key in the stack (TenantKeyring), or add it to this policy's trustedKeys config as { arn | pattern, tenant, environment } after confirming with `aws kms describe-key` that KeyManager is CUSTOMER.",
  },
  {
    configSchema: {
      properties: {
        trustedKeys: {
          type: "array",
          default: [],
          items: {
            type: "object",
            properties: {
              arn: { type: "string" },
              pattern: { type: "string" },
              tenant: { type: "string" },
              environment: { type: "string" },
            },
            additionalProperties: false,
          },
        },
        tenantTag: TAG_CONFIG_SCHEMA.tenantTag,
        environmentTag: TAG_CONFIG_SCHEMA.environmentTag,
      },
    },
    validateStack: (args, report) => {
      const config = args.getConfig<ProvenanceConfig>();
      const keys = config.trustedKeys ?? [];
      const stack = stackOwner({});
      const subjects = args.resources.filter((r) => AT_REST_ROWS.some((row) => row.types.includes(r.type)));
      if (subjects.length === 0) return args.notApplicable("no resources with KMS key properties in the stack");
      for (const r of subjects) {
        const { tenant, environment } = ownerOf(r, config, stack);
        for (const row of AT_REST_ROWS.filter((x) => x.types.includes(r.type))) {
          for (const { label, ref } of keyReferences(r, row)) {
            if (classifyKeyRef(ref, args.resources).kind !== "unverified" || trusted(ref, keys, tenant, environment)) {
              continue;
            }
            const scope = [tenant && `tenant ${tenant}`, environment && `environment ${environment}`].filter(Boolean);
            report(
              `${r.name}: ${label} ${ref} is not a key in this stack nor on the trustedKeys allow-list${scope.length ? ` for ${scope.join(", ")}` : ""}, so its provenance (customer-managed, right tenant) cannot be verified`,
              r.urn,
            );
          }
        }
      }
    },
  },
);
