import { AT_REST } from "../../catalog/encryption-at-rest";
import { atRestPolicy } from "../../lib/at-rest-check";

const CMK = "the tenant's customer-managed KMS key";

export const rdsInstanceEncryption = atRestPolicy(
  {
    id: "rds-instance-encryption-cmk",
    description:
      "RDS instances encrypt storage under a customer-managed KMS key; read replicas of sources in the stack inherit it.",
    severity: "critical",
    remediationSteps: `Set storageEncrypted: true and kmsKeyId to ${CMK}; a replica of a source outside the stack names kmsKeyId explicitly.`,
  },
  [AT_REST.rdsInstance],
);

export const rdsClusterEncryption = atRestPolicy(
  {
    id: "rds-cluster-encryption-cmk",
    description: "RDS and Aurora clusters (and global clusters) encrypt storage under a customer-managed KMS key.",
    severity: "critical",
    remediationSteps: `Set storageEncrypted: true and kmsKeyId to ${CMK}; on aws.rds.GlobalCluster set storageEncrypted: true.`,
  },
  [AT_REST.rdsCluster, AT_REST.rdsGlobalCluster],
);

export const rdsCopyEncryption = atRestPolicy(
  {
    id: "rds-snapshot-copy-encryption-cmk",
    description:
      "RDS snapshot copies, cluster snapshot copies and replicated automated backups name a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set kmsKeyId to ${CMK} in the destination region instead of inheriting the source's key.`,
  },
  [AT_REST.rdsSnapshotCopy, AT_REST.rdsBackupReplication],
);

export const rdsPerformanceInsightsEncryption = atRestPolicy(
  {
    id: "rds-performance-insights-cmk",
    description:
      "RDS Performance Insights data (which can hold SQL text with ePHI) is encrypted under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Where performanceInsightsEnabled is true, set performanceInsightsKmsKeyId to ${CMK}.`,
  },
  [AT_REST.rdsPerformanceInsights],
);

export const dynamodbEncryption = atRestPolicy(
  {
    id: "dynamodb-table-encryption-cmk",
    description:
      "DynamoDB tables and their replicas are encrypted under a customer-managed KMS key, not the AWS-owned default.",
    severity: "critical",
    remediationSteps: `Set serverSideEncryption: { enabled: true, kmsKeyArn: ${CMK} } and kmsKeyArn on every replica.`,
  },
  [AT_REST.dynamodbTable, AT_REST.dynamodbTableReplica],
);

export const daxEncryption = atRestPolicy(
  {
    id: "dax-cluster-encryption",
    description: "DAX clusters encrypt cached items at rest.",
    severity: "high",
    remediationSteps:
      "Set serverSideEncryption: { enabled: true } (replaces the cluster: it cannot be changed in place).",
  },
  [AT_REST.daxCluster],
);

export const documentdbEncryption = atRestPolicy(
  {
    id: "documentdb-encryption-cmk",
    description:
      "DocumentDB clusters (instance-based, elastic and global) encrypt storage under a customer-managed KMS key.",
    severity: "critical",
    remediationSteps: `Set storageEncrypted: true and kmsKeyId to ${CMK}.`,
  },
  [AT_REST.documentdb, AT_REST.documentdbElastic, AT_REST.documentdbGlobalCluster],
);

export const neptuneEncryption = atRestPolicy(
  {
    id: "neptune-encryption-cmk",
    description: "Neptune clusters encrypt storage under a customer-managed KMS key.",
    severity: "critical",
    remediationSteps: `Set storageEncrypted: true and kmsKeyArn to ${CMK}.`,
  },
  [AT_REST.neptune],
);

export const elasticacheEncryption = atRestPolicy(
  {
    id: "elasticache-encryption-at-rest-cmk",
    description:
      "ElastiCache caches encrypt data at rest under a customer-managed KMS key; node-based clusters outside a replication group cannot.",
    severity: "high",
    remediationSteps: `Set atRestEncryptionEnabled: true and kmsKeyId to ${CMK} on replication groups and serverless caches; put node-based clusters in an encrypted replication group.`,
  },
  [AT_REST.elasticacheReplicationGroup, AT_REST.elasticacheServerless, AT_REST.elasticacheStandalone],
);

export const memorydbEncryption = atRestPolicy(
  {
    id: "memorydb-encryption-cmk",
    description: "MemoryDB clusters and snapshots are encrypted under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set kmsKeyArn to ${CMK}.`,
  },
  [AT_REST.memorydb],
);

export const keyspacesEncryption = atRestPolicy(
  {
    id: "keyspaces-encryption-cmk",
    description: "Keyspaces tables are encrypted under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set encryptionSpecification: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyIdentifier: ${CMK} }.`,
  },
  [AT_REST.keyspaces],
);

export const timestreamEncryption = atRestPolicy(
  {
    id: "timestream-encryption-cmk",
    description: "Timestream databases are encrypted under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set kmsKeyId to ${CMK}.`,
  },
  [AT_REST.timestream],
);

export const rdsActivityStreamEncryption = atRestPolicy(
  {
    id: "rds-activity-stream-cmk",
    description:
      "RDS database activity streams (which carry SQL statements) are encrypted under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set kmsKeyId to ${CMK}.`,
  },
  [AT_REST.rdsActivityStream],
);
