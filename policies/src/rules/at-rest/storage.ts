import { AT_REST } from "../../catalog/encryption-at-rest";
import { atRestPolicy } from "../../lib/at-rest-check";

const CMK = "the tenant's customer-managed KMS key";

export const efsEncryption = atRestPolicy(
  {
    id: "efs-encryption-cmk",
    description: "EFS file systems are encrypted under a customer-managed KMS key.",
    severity: "critical",
    remediationSteps: `Set encrypted: true and kmsKeyId to ${CMK} (replaces the file system).`,
  },
  [AT_REST.efsFileSystem],
);

export const fsxEncryption = atRestPolicy(
  {
    id: "fsx-encryption-cmk",
    description: "FSx file systems (Windows, Lustre, ONTAP, OpenZFS) are encrypted under a customer-managed KMS key.",
    severity: "critical",
    remediationSteps: `Set kmsKeyId to ${CMK}.`,
  },
  [AT_REST.fsxFileSystem],
);

export const backupVaultEncryption = atRestPolicy(
  {
    id: "backup-vault-encryption-cmk",
    description: "AWS Backup vaults encrypt recovery points under a customer-managed KMS key.",
    severity: "critical",
    remediationSteps: `Set kmsKeyArn (encryptionKeyArn on a logically air-gapped vault) to ${CMK}, one distinct from the keys of the data it protects.`,
  },
  [AT_REST.backupVault, AT_REST.backupAirGappedVault],
);

export const workspacesEncryption = atRestPolicy(
  {
    id: "workspaces-encryption-cmk",
    description: "WorkSpaces root and user volumes are encrypted under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set rootVolumeEncryptionEnabled and userVolumeEncryptionEnabled to true and volumeEncryptionKey to ${CMK}.`,
  },
  [AT_REST.workspaces],
);

export const codeartifactEncryption = atRestPolicy(
  {
    id: "codeartifact-encryption-cmk",
    description: "CodeArtifact domains are encrypted under a customer-managed KMS key.",
    severity: "low",
    remediationSteps: `Set encryptionKey to ${CMK}.`,
  },
  [AT_REST.codeartifact],
);
