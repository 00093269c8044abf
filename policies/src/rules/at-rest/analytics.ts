import { AT_REST } from "../../catalog/encryption-at-rest";
import { atRestPolicy } from "../../lib/at-rest-check";

const CMK = "the tenant's customer-managed KMS key";

export const opensearchEncryption = atRestPolicy(
  {
    id: "opensearch-encryption-at-rest-cmk",
    description:
      "OpenSearch and Elasticsearch domains and OpenSearch Serverless collections encrypt data at rest under a customer-managed KMS key.",
    severity: "critical",
    remediationSteps: `Set encryptAtRest: { enabled: true, kmsKeyId: ${CMK} }; in Serverless encryption policies set AWSOwnedKey false and KmsARN.`,
  },
  [AT_REST.opensearchDomain, AT_REST.opensearchServerless],
);

export const redshiftEncryption = atRestPolicy(
  {
    id: "redshift-encryption-cmk",
    description:
      "Redshift clusters, Redshift Serverless namespaces and snapshot copy grants are encrypted under a customer-managed KMS key.",
    severity: "critical",
    remediationSteps: `Set encrypted: "true" (pulumi-aws 7; true in 6) and kmsKeyId to ${CMK}; on a namespace or snapshot copy grant set kmsKeyId.`,
  },
  [AT_REST.redshiftCluster, AT_REST.redshiftServerless, AT_REST.redshiftSnapshotCopyGrant],
);

export const athenaEncryption = atRestPolicy(
  {
    id: "athena-encryption-cmk",
    description:
      "Athena workgroups and databases encrypt query results with SSE-KMS or CSE-KMS under a customer-managed key, and workgroups enforce it.",
    severity: "high",
    remediationSteps: `Set configuration.resultConfiguration.encryptionConfiguration { encryptionOption: "SSE_KMS", kmsKeyArn: ${CMK} } and leave enforceWorkgroupConfiguration true.`,
  },
  [AT_REST.athenaWorkgroup, AT_REST.athenaDatabase],
);

export const glueEncryption = atRestPolicy(
  {
    id: "glue-encryption-cmk",
    description:
      "The Glue Data Catalog, connection passwords and Glue security configurations are encrypted under customer-managed KMS keys, and every job and crawler uses a security configuration.",
    severity: "high",
    remediationSteps: `Use catalogEncryptionMode SSE-KMS with sseAwsKmsKeyId, returnConnectionPasswordEncrypted with awsKmsKeyId, and SSE-KMS/CSE-KMS modes with kmsKeyArn in security configurations, all naming ${CMK}.`,
  },
  [AT_REST.glueCatalog, AT_REST.glueSecurityConfiguration, AT_REST.glueJob],
);

export const emrEncryption = atRestPolicy(
  {
    id: "emr-encryption-at-rest-cmk",
    description:
      "EMR clusters use a security configuration that encrypts EMRFS data, local disks and EBS volumes under customer-managed KMS keys.",
    severity: "high",
    remediationSteps: `In the security configuration JSON enable at-rest encryption with S3 EncryptionMode SSE-KMS (or CSE-KMS), LocalDisk EncryptionKeyProviderType AwsKms with EnableEbsEncryption, and AwsKmsKey ${CMK}; attach it to every cluster.`,
  },
  [AT_REST.emrSecurityConfiguration, AT_REST.emrCluster],
);

export const mskEncryption = atRestPolicy(
  {
    id: "msk-encryption-at-rest-cmk",
    description: "MSK clusters encrypt broker storage under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set encryptionInfo.encryptionAtRestKmsKeyArn to ${CMK}.`,
  },
  [AT_REST.mskCluster],
);

export const kinesisEncryption = atRestPolicy(
  {
    id: "kinesis-stream-encryption-cmk",
    description: "Kinesis data streams and video streams are encrypted under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set encryptionType: "KMS" and kmsKeyId to ${CMK}.`,
  },
  [AT_REST.kinesisStream, AT_REST.kinesisVideo],
);

export const firehoseEncryption = atRestPolicy(
  {
    id: "firehose-encryption-cmk",
    description: "Kinesis Data Firehose delivery streams encrypt buffered records under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: ${CMK} } (with a Kinesis stream source, encrypt the stream).`,
  },
  [AT_REST.firehose],
);

export const sagemakerEncryption = atRestPolicy(
  {
    id: "sagemaker-encryption-cmk",
    description:
      "SageMaker notebook instances, domains and endpoint configurations encrypt storage volumes under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set kmsKeyId (kmsKeyArn on endpoint configurations) to ${CMK}.`,
  },
  [AT_REST.sagemaker, AT_REST.sagemakerEndpointConfiguration],
);

export const dmsEncryption = atRestPolicy(
  {
    id: "dms-replication-instance-encryption-cmk",
    description: "DMS replication instances encrypt storage under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set kmsKeyArn to ${CMK}.`,
  },
  [AT_REST.dmsReplicationInstance],
);

export const appflowEncryption = atRestPolicy(
  {
    id: "appflow-encryption-cmk",
    description: "AppFlow flows and connector profiles are encrypted under a customer-managed KMS key.",
    severity: "medium",
    remediationSteps: `Set kmsArn to ${CMK}.`,
  },
  [AT_REST.appflow],
);

export const apigatewayCacheEncryption = atRestPolicy(
  {
    id: "apigateway-cache-encryption",
    description: "API Gateway stages that cache responses encrypt the cache.",
    severity: "medium",
    remediationSteps: "Where settings.cachingEnabled is true set settings.cacheDataEncrypted: true.",
  },
  [AT_REST.apigatewayCache],
);

export const appsyncCacheEncryption = atRestPolicy(
  {
    id: "appsync-cache-encryption",
    description: "AppSync API caches encrypt cached data at rest.",
    severity: "medium",
    remediationSteps: "Set atRestEncryptionEnabled: true (replaces the cache).",
  },
  [AT_REST.appsyncCache],
);

export const xrayEncryption = atRestPolicy(
  {
    id: "xray-encryption-cmk",
    description: "X-Ray encrypts traces under a customer-managed KMS key.",
    severity: "low",
    remediationSteps: `Set type: "KMS" and keyId to ${CMK}.`,
  },
  [AT_REST.xray],
);

export const dmsEndpointEncryption = atRestPolicy(
  {
    id: "dms-s3-endpoint-encryption-cmk",
    description: "DMS S3 target endpoints write migrated data with SSE-KMS under a customer-managed key.",
    severity: "high",
    remediationSteps: `Set encryptionMode: "SSE_KMS" and serverSideEncryptionKmsKeyId to ${CMK}.`,
  },
  [AT_REST.dmsS3Endpoint],
);

export const kendraEncryption = atRestPolicy(
  {
    id: "kendra-index-encryption-cmk",
    description: "Kendra indexes are encrypted under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set serverSideEncryptionConfiguration.kmsKeyId to ${CMK}.`,
  },
  [AT_REST.kendra],
);

export const bedrockAgentEncryption = atRestPolicy(
  {
    id: "bedrock-agent-encryption-cmk",
    description: "Bedrock agents are encrypted under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set customerEncryptionKeyArn to ${CMK}.`,
  },
  [AT_REST.bedrockAgent],
);

export const comprehendEncryption = atRestPolicy(
  {
    id: "comprehend-encryption-cmk",
    description: "Comprehend custom models and their training volumes are encrypted under a customer-managed KMS key.",
    severity: "medium",
    remediationSteps: `Set volumeKmsKeyId and modelKmsKeyId to ${CMK}.`,
  },
  [AT_REST.comprehend],
);

export const connectStorageEncryption = atRestPolicy(
  {
    id: "connect-storage-encryption-cmk",
    description:
      "Amazon Connect recordings, transcripts and media streams are encrypted under a customer-managed KMS key.",
    severity: "high",
    remediationSteps: `Set storageConfig encryptionConfig { encryptionType: "KMS", keyId: ${CMK} }, or leave S3 storage to a bucket whose default encryption uses it.`,
  },
  [AT_REST.connectStorage],
);
