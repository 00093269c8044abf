import type { ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { BACKUP_PROTECTED_TYPES, BACKUP_VAULT_TYPES } from "../../catalog/key-rules";
import { stackPolicy } from "../../lib/define";
import { ofTypes, Unknowns } from "../../lib/values";
import { keysUsedBy } from "./shared";

export const backupKeySeparateFromData = stackPolicy(
  {
    id: "backup-key-separate-from-data",
    description:
      "Backup vaults encrypt recovery points with a key that no backed-up data store uses, so losing, disabling or deleting the data key does not take the backups with it.",
    category: "key-management",
    hipaa: [HIPAA.encryptionAtRest, HIPAA.riskManagement],
    severity: "high",
    remediationSteps:
      "Give the vault's kmsKeyArn the tenant's backup key (TenantKeyring purpose backup), never the key of the data it protects.",
  },
  {
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const vaults = ofTypes(args.resources, BACKUP_VAULT_TYPES);
      if (vaults.length === 0) return args.notApplicable("no backup vaults in the stack");
      const unknowns = new Unknowns();
      const dataUses = ofTypes(args.resources, BACKUP_PROTECTED_TYPES).flatMap((r) =>
        keysUsedBy(r, args.resources, unknowns).map((u) => ({ resource: r, key: u.key })),
      );
      for (const vault of vaults) {
        // a vault without kmsKeyArn uses aws/backup: the at-rest rules report that, there is no stack key to share
        for (const use of keysUsedBy(vault, args.resources, unknowns)) {
          const shared = dataUses.filter((d) => d.key.urn === use.key.urn).map((d) => d.resource.name);
          if (shared.length > 0) {
            report(
              `backup vault ${vault.name} uses key ${use.key.name}, which also encrypts ${[...new Set(shared)].join(", ")}`,
              vault.urn,
            );
          }
        }
      }
      unknowns.rethrow();
    },
  },
);
