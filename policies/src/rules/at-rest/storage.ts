import { AT_REST } from "../../catalog/encryption-at-rest";
import { atRestPolicy } from "../../lib/at-rest-check";

const CMK = "the tenant's customer-managed KMS key";

export const efsEncryption = atRestPolicy(
  {
    id: "efs-encryption-cmk",
    description: "EFS file systems and replicas are encrypted under a customer-managed KMS key.",
    severity: "critical",
    remediationSteps: `Set encrypted: true and kmsKeyId to ${CMK} (replaces the file system); on a replication configuration set destination.kmsKeyId.`,
  },
  [AT_REST.efsFileSystem, AT_REST.efsReplication],
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

export const s3ObjectEncryption = atRestPolicy(
  {
    id: "s3-object-encryption-cmk",
    description: "S3 objects that override their bucket's default encryption use SSE-KMS with a customer-managed key.",
    severity: "high",
    remediationSteps: `Leave serverSideEncryption unset (the bucket default applies) or set it to aws:kms with kmsKeyId ${CMK}.`,
  },
  [AT_REST.s3Object],
);
