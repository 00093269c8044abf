import type { ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { asString, ofTypes, read, Unknowns } from "../../lib/values";
import {
  customerKeys,
  effectiveTags,
  keyForRef,
  ownerTags,
  quote,
  REPLICA_TYPES,
  TAG_CONFIG_SCHEMA,
  TagConfig,
  tagConfig,
} from "./shared";

export const kmsReplicaKeyHygiene = stackPolicy(
  {
    id: "kms-replica-key-hygiene",
    description:
      "A replica key's primary in the stack is a multi-Region key, and the replica carries the primary's tenant, environment and purpose tags (KMS does not copy tags to replicas).",
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest, HIPAA.riskManagement],
    severity: "medium",
    remediationSteps:
      "Create the primary with multiRegion: true and tag each replica with its primary's tenant, environment and purpose.",
  },
  {
    // deletion window, lockout check, key policy and description apply to replicas through the other key rules;
    // a primary outside the stack is judged in its own stack
    configSchema: { properties: TAG_CONFIG_SCHEMA },
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const replicas = ofTypes(args.resources, REPLICA_TYPES);
      if (replicas.length === 0) return args.notApplicable("no KMS replica keys in the stack");
      const t = tagConfig(args.getConfig<Partial<TagConfig>>());
      const keys = customerKeys(args.resources);
      const unknowns = new Unknowns();
      for (const replica of replicas) {
        let primary = (replica.propertyDependencies["primaryKeyArn"] ?? []).find((d) =>
          keys.some((k) => k.urn === d.urn),
        );
        if (!primary) {
          const arn = read(() => asString(replica.props.primaryKeyArn));
          if (!arn.known) {
            unknowns.note(arn);
            continue;
          }
          primary = arn.value ? keyForRef(arn.value, keys) : undefined;
        }
        if (!primary) continue;
        const p = primary;
        const multiRegion = read(() => p.props.multiRegion);
        if (!multiRegion.known) unknowns.note(multiRegion);
        else if (multiRegion.value !== true)
          report(`replica ${replica.name}: primary key ${p.name} is not multiRegion`, replica.urn);
        const tags = read(() => [
          ownerTags(effectiveTags(replica.props, replica.provider), t),
          ownerTags(effectiveTags(p.props, p.provider), t),
        ]);
        if (!tags.known) {
          unknowns.note(tags);
          continue;
        }
        const [mine, theirs] = tags.value;
        for (const part of ["tenant", "environment", "purpose"] as const) {
          if (mine[part] !== theirs[part]) {
            report(
              `replica ${replica.name} has ${part} ${quote(mine[part])} but its primary ${p.name} has ${quote(theirs[part])}`,
              replica.urn,
            );
          }
        }
      }
      unknowns.rethrow();
    },
  },
);
