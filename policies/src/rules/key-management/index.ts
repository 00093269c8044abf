import type { Policy } from "@pulumi/policy";
import { backupKeySeparateFromData } from "./backup-key-separate-from-data";
import { iamKmsDecryptAllKeys } from "./iam-kms-decrypt-all-keys";
import { kmsAliasNaming } from "./kms-alias-naming";
import { kmsGrantNoWildcard } from "./kms-grant-no-wildcard";
import { kmsKeyDeletionWindow } from "./kms-key-deletion-window";
import { kmsKeyDescription } from "./kms-key-description";
import { kmsKeyEnabled } from "./kms-key-enabled";
import { kmsKeyOrigin } from "./kms-key-origin";
import { kmsKeyPolicyLeastPrivilege } from "./kms-key-policy-least-privilege";
import { kmsKeyPolicyLockoutCheck } from "./kms-key-policy-lockout-check";
import { kmsKeyRotation } from "./kms-key-rotation";
import { kmsKeySeparationOfDuties } from "./kms-key-separation-of-duties";
import { kmsKeyTags } from "./kms-key-tags";
import { kmsKeyTenantSeparation } from "./kms-key-tenant-separation";
import { kmsKeyUsage } from "./kms-key-usage";
import { kmsReplicaKeyHygiene } from "./kms-replica-key-hygiene";

/** KMS key hygiene and key separation by tenant and environment. */
export const keyManagementPolicies: Policy[] = [
  kmsKeyRotation,
  kmsKeyDeletionWindow,
  kmsKeyPolicyLockoutCheck,
  kmsKeyPolicyLeastPrivilege,
  kmsKeySeparationOfDuties,
  kmsKeyOrigin,
  kmsKeyUsage,
  kmsKeyDescription,
  kmsKeyEnabled,
  kmsAliasNaming,
  kmsGrantNoWildcard,
  kmsReplicaKeyHygiene,
  kmsKeyTags,
  kmsKeyTenantSeparation,
  backupKeySeparateFromData,
  iamKmsDecryptAllKeys,
];
