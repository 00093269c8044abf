import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { read, Unknowns } from "../../lib/values";
import {
  customerKeys,
  effectiveTags,
  keysUsedBy,
  Owner,
  ownerTags,
  quote,
  STACK_OWNER_SCHEMA,
  stackOwner,
  TAG_CONFIG_SCHEMA,
  TagConfig,
  tagConfig,
} from "./shared";

type Config = Partial<TagConfig> & Owner;

/** A resource's tenant and environment: its own (or provider default) tags, else the stack's. */
function ownerOf(r: PolicyResource, t: TagConfig, stack: Owner, unknowns: Unknowns): Owner | undefined {
  const tags = read(() => ownerTags(effectiveTags(r.props, r.provider), t));
  if (!tags.known) {
    unknowns.note(tags);
    return undefined;
  }
  return { tenant: tags.value.tenant ?? stack.tenant, environment: tags.value.environment ?? stack.environment };
}

const label = (o: Owner) => `${o.tenant ?? "?"}/${o.environment ?? "?"}`;

export const kmsKeyTenantSeparation = stackPolicy(
  {
    id: "kms-key-tenant-separation",
    description:
      "Every encrypted resource uses a key of its own tenant and environment (its tags, else the stack's), and no key serves two tenants or two environments.",
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest, HIPAA.riskManagement],
    severity: "critical",
    remediationSteps:
      "Point the resource's key property at its own tenant and environment's key (TenantKeyring per tenant and environment); tag resources whose tenant differs from the stack's.",
  },
  {
    configSchema: { properties: { ...TAG_CONFIG_SCHEMA, ...STACK_OWNER_SCHEMA } },
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const keys = customerKeys(args.resources);
      if (keys.length === 0) return args.notApplicable("no customer-managed KMS keys in the stack");
      const config = args.getConfig<Config>();
      const t = tagConfig(config);
      const stack = stackOwner(config);
      const unknowns = new Unknowns();
      const servedBy = new Map<string, Set<string>>();
      for (const r of args.resources) {
        for (const use of keysUsedBy(r, args.resources, unknowns)) {
          const owner = ownerOf(r, t, stack, unknowns);
          const keyTags = read(() => ownerTags(effectiveTags(use.key.props, use.key.provider), t));
          if (!owner) continue;
          if (!keyTags.known) {
            unknowns.note(keyTags);
            continue;
          }
          if (owner.tenant === undefined || owner.environment === undefined) {
            report(
              `${r.name} uses key ${use.key.name} but has no ${t.tenantTag}/${t.environmentTag} tags and the stack's tenant and environment are not configured, so key separation cannot be verified`,
              r.urn,
            );
            continue;
          }
          servedBy.set(use.key.urn, (servedBy.get(use.key.urn) ?? new Set()).add(label(owner)));
          const k = keyTags.value;
          // a key without these tags is kms-key-tags' violation; the two-tenants check below still covers it
          if (k.tenant !== undefined && k.tenant !== owner.tenant) {
            report(
              `${r.name} (tenant ${quote(owner.tenant)}) uses key ${use.key.name} of tenant ${quote(k.tenant)} through ${use.property}`,
              r.urn,
            );
          }
          if (k.environment !== undefined && k.environment !== owner.environment) {
            report(
              `${r.name} (environment ${quote(owner.environment)}) uses key ${use.key.name} of environment ${quote(k.environment)} through ${use.property}`,
              r.urn,
            );
          }
        }
      }
      for (const key of keys) {
        const owners = [...(servedBy.get(key.urn) ?? [])];
        const tenants = new Set(owners.map((o) => o.split("/")[0]));
        const envs = new Set(owners.map((o) => o.split("/")[1]));
        if (tenants.size > 1 || envs.size > 1) {
          report(`key ${key.name} serves ${owners.sort().join(", ")}: one key per tenant and environment`, key.urn);
        }
      }
      unknowns.rethrow();
    },
  },
);
