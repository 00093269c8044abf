/**
 * Encryption at rest, service by service, as data: where each resource type keeps its on/off switch
 * and its KMS key, what counts as encrypted, and what AWS does when the property is left unset.
 * The generic checks in lib/at-rest-check.ts read these rows; a new AWS name is a one-line change.
 *
 * Paths are property paths relative to the resource inputs (or to the `at` holder): `a.b` walks
 * objects, `a[]` walks every element of an array. Tokens were read from `__pulumiType` in
 * @pulumi/aws 7.48; the pulumi-aws 6 tokens are the same for every service here (S3 differs and
 * has its own rule in rules/s3).
 *
 * HIPAA posture: wherever a key property exists it must name a customer-managed key, so an
 * AWS-owned or AWS-managed default is a violation even when the data is encrypted.
 */

/** What AWS does when the property is unset. */
export type UnsetMeans =
  /** the data is stored unencrypted */
  | "unencrypted"
  /** encrypted under a key AWS owns: not in the account, no key policy, no audit trail of its use */
  | "aws-owned-key"
  /** encrypted under the account's AWS-managed key `alias/aws/<service>` (named by `awsManagedAlias`) */
  | "aws-managed-key"
  /** encrypted under whichever key the source (snapshot, AMI, primary) used: not verifiable here */
  | "source-key"
  /** the AWS default is the secure setting, so unset passes */
  | "secure-default";

/** A condition on a value: one of some literals, an array holding an element, or anything non-empty. */
export type Matcher = { equals: readonly (string | boolean)[] } | { contains: string } | { nonEmpty: true };

export interface FlagSpec {
  path: string;
  /** the values that mean "encrypted" (launch templates and Redshift carry booleans as strings) */
  is: Matcher;
  unset: Exclude<UnsetMeans, "aws-managed-key">;
  /** the AWS default is encrypted under this condition (Aurora Serverless v1, ElastiCache valkey) */
  encryptedByDefaultWhen?: Condition;
}

export interface KeySpec {
  path: string;
  unset: Exclude<UnsetMeans, "secure-default">;
  awsManagedAlias?: string;
}

export interface Condition {
  /** relative to the resource inputs */
  path: string;
  is: Matcher;
}

export interface AtRestTarget {
  /** what is encrypted, for messages: "storage", "root volume", "Performance Insights data" */
  part: string;
  /** the object(s) holding flags and key; the resource inputs when absent */
  at?: string;
  /** the holder is a JSON document in a string property (EMR security configurations) */
  json?: true;
  /** when the holder is absent the part still exists with AWS defaults (an instance's root volume) */
  absentMeansDefaults?: true;
  /** the part exists only under this condition (Performance Insights on, environment variables set) */
  when?: Condition;
  /** the part's encryption is governed elsewhere under this condition (Firehose fed by a Kinesis stream) */
  unless?: Condition;
  flags?: readonly FlagSpec[];
  key?: KeySpec;
  /** account-level EBS default encryption (`aws:ebs/encryptionByDefault`) in the stack covers unset values */
  ebsAccountDefault?: true;
  /** a top-level property naming a source this part inherits encryption from (RDS read replicas) */
  inheritsFrom?: string;
}

export interface AtRestRow {
  service: string;
  types: readonly string[];
  targets: readonly AtRestTarget[];
  /** why the row says what it says: AWS defaults, peer tools' mistakes this row corrects */
  notes: string;
}

const ON: Matcher = { equals: [true] };
const ON_OR_STRING: Matcher = { equals: [true, "true"] };
const encrypted = (path: string, unset: FlagSpec["unset"] = "unencrypted", is: Matcher = ON): FlagSpec => ({
  path,
  is,
  unset,
});
const cmk = (path: string, unset: KeySpec["unset"], awsManagedAlias?: string): KeySpec => ({
  path,
  unset,
  awsManagedAlias,
});
const EBS_KEY = cmk("kmsKeyId", "aws-managed-key", "alias/aws/ebs");
const RDS_KEY = cmk("kmsKeyId", "aws-managed-key", "alias/aws/rds");

export const AT_REST = {
  s3Object: {
    service: "S3 object",
    types: ["aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/bucketObject:BucketObject", "aws:s3/objectCopy:ObjectCopy"],
    targets: [
      {
        part: "object",
        // unset, the bucket's default encryption applies (s3-encryption-at-rest-cmk checks it)
        when: { path: "serverSideEncryption", is: { nonEmpty: true } },
        flags: [encrypted("serverSideEncryption", "secure-default", { equals: ["aws:kms", "aws:kms:dsse"] })],
        key: cmk("kmsKeyId", "aws-managed-key", "alias/aws/s3"),
      },
    ],
    notes:
      "An object can override its bucket's default with AES256 or the aws/s3 key; Checkov has no check for BucketObjectv2.",
  },
  ebsVolume: {
    service: "EBS volume",
    types: ["aws:ebs/volume:Volume"],
    targets: [{ part: "volume", flags: [encrypted("encrypted")], key: EBS_KEY, ebsAccountDefault: true }],
    notes:
      "encrypted defaults to false unless EBS encryption by default is on in the account (then the default key, alias/aws/ebs unless aws:ebs/defaultKmsKey names another).",
  },
  ebsSnapshotCopy: {
    service: "EBS snapshot copy",
    types: ["aws:ebs/snapshotCopy:SnapshotCopy"],
    targets: [{ part: "snapshot copy", flags: [encrypted("encrypted", "source-key")], key: EBS_KEY }],
    notes:
      "With encrypted unset the copy keeps the source's encryption state and key, which this stack cannot verify; encrypted without kmsKeyId uses the default EBS key. Checkov CKV_AWS_183 checks the key only.",
  },
  ebsSnapshotImport: {
    service: "EBS snapshot import",
    types: ["aws:ebs/snapshotImport:SnapshotImport"],
    targets: [{ part: "imported snapshot", flags: [encrypted("encrypted")], key: EBS_KEY }],
    notes: "An imported disk image becomes an unencrypted snapshot unless encrypted is set.",
  },
  dlmCrossRegionCopy: {
    service: "DLM cross-region copy",
    types: ["aws:dlm/lifecyclePolicy:LifecyclePolicy"],
    targets: [
      {
        part: "cross-region snapshot copy",
        at: "policyDetails.schedules[].crossRegionCopyRules[]",
        flags: [encrypted("encrypted")],
        key: cmk("cmkArn", "aws-managed-key", "alias/aws/ebs"),
      },
      {
        part: "cross-region snapshot copy",
        at: "policyDetails.action.crossRegionCopies[].encryptionConfiguration",
        flags: [encrypted("encrypted")],
        key: cmk("cmkArn", "aws-managed-key", "alias/aws/ebs"),
      },
    ],
    notes: "Checkov CKV_AWS_253-256; an encrypted copy without cmkArn uses the destination's default EBS key.",
  },
  amiCopy: {
    service: "AMI copy",
    types: ["aws:ec2/amiCopy:AmiCopy"],
    targets: [{ part: "AMI copy", flags: [encrypted("encrypted", "source-key")], key: EBS_KEY }],
    notes: "Like snapshot copies; CKV_AWS_204 is named CMK but checks only `encrypted`.",
  },
  ami: {
    service: "AMI",
    types: ["aws:ec2/ami:Ami"],
    targets: [{ part: "EBS block device", at: "ebsBlockDevices[]", flags: [encrypted("encrypted", "source-key")] }],
    notes: "aws.ec2.Ami registers snapshots; its block devices have no key property (the snapshot's key applies).",
  },
  ec2Instance: {
    service: "EC2 instance",
    types: ["aws:ec2/instance:Instance"],
    targets: [
      {
        part: "root volume",
        at: "rootBlockDevice",
        absentMeansDefaults: true,
        flags: [encrypted("encrypted")],
        key: EBS_KEY,
        ebsAccountDefault: true,
      },
      {
        part: "EBS block device",
        at: "ebsBlockDevices[]",
        flags: [encrypted("encrypted")],
        key: EBS_KEY,
        ebsAccountDefault: true,
      },
    ],
    notes:
      "A missing rootBlockDevice gives the AMI's default root volume, unencrypted unless account default encryption applies (pulumi compliance-policies passes it). A device from a snapshot is not assumed encrypted (Checkov passes it).",
  },
  launchTemplate: {
    service: "EC2 launch template",
    types: ["aws:ec2/launchTemplate:LaunchTemplate"],
    targets: [
      {
        part: "EBS block device",
        at: "blockDeviceMappings[].ebs",
        flags: [encrypted("encrypted", "unencrypted", ON_OR_STRING)],
        key: EBS_KEY,
        ebsAccountDefault: true,
      },
    ],
    notes:
      'ebs.encrypted is the string "true" (pulumi-aws#2257); Checkov CKV_AWS_8 leaves launch templates out entirely.',
  },
  launchConfiguration: {
    service: "EC2 launch configuration",
    types: ["aws:ec2/launchConfiguration:LaunchConfiguration"],
    targets: [
      {
        part: "root volume",
        at: "rootBlockDevice",
        absentMeansDefaults: true,
        flags: [encrypted("encrypted")],
        ebsAccountDefault: true,
      },
      { part: "EBS block device", at: "ebsBlockDevices[]", flags: [encrypted("encrypted")], ebsAccountDefault: true },
    ],
    notes: "Launch configurations have no key property: the account default key applies, so prefer launch templates.",
  },
  rdsInstance: {
    service: "RDS instance",
    types: ["aws:rds/instance:Instance"],
    targets: [
      { part: "storage", flags: [encrypted("storageEncrypted")], key: RDS_KEY, inheritsFrom: "replicateSourceDb" },
    ],
    notes:
      "A read replica inherits its source's encryption: unset passes when the source is a resource in this stack (which is checked itself); a replica of an outside source must name its key. Checkov flags such replicas, AWSGuard exempts them without checking the key.",
  },
  rdsCluster: {
    service: "RDS/Aurora cluster",
    types: ["aws:rds/cluster:Cluster"],
    targets: [
      {
        part: "storage",
        flags: [
          {
            ...encrypted("storageEncrypted"),
            encryptedByDefaultWhen: { path: "engineMode", is: { equals: ["serverless"] } },
          },
        ],
        key: RDS_KEY,
        inheritsFrom: "replicationSourceIdentifier",
      },
    ],
    notes: "storageEncrypted defaults to false for provisioned clusters and true for engineMode serverless (v1).",
  },
  rdsGlobalCluster: {
    service: "RDS global cluster",
    types: ["aws:rds/globalCluster:GlobalCluster"],
    targets: [{ part: "storage", flags: [encrypted("storageEncrypted")], inheritsFrom: "sourceDbClusterIdentifier" }],
    notes: "No key property: each regional member cluster carries its own key and is checked by the cluster row.",
  },
  rdsSnapshotCopy: {
    service: "RDS snapshot copy",
    types: ["aws:rds/snapshotCopy:SnapshotCopy", "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy"],
    targets: [{ part: "snapshot copy", key: cmk("kmsKeyId", "source-key") }],
    notes: "Without kmsKeyId the copy keeps the source snapshot's key (CKV_AWS_266 checks the instance copy only).",
  },
  rdsBackupReplication: {
    service: "RDS automated backup replication",
    types: ["aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication"],
    targets: [{ part: "replicated backups", key: cmk("kmsKeyId", "aws-managed-key", "alias/aws/rds") }],
    notes:
      "Cross-region backups of an encrypted instance are encrypted under the destination's aws/rds key unless kmsKeyId is set.",
  },
  rdsActivityStream: {
    service: "RDS database activity stream",
    types: ["aws:rds/clusterActivityStream:ClusterActivityStream"],
    targets: [{ part: "activity records", key: cmk("kmsKeyId", "unencrypted") }],
    notes: "Activity records carry SQL statements; the key is required by the API, so only its kind is checked.",
  },
  rdsPerformanceInsights: {
    service: "RDS Performance Insights",
    types: ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance", "aws:rds/cluster:Cluster"],
    targets: [
      {
        part: "Performance Insights data",
        when: { path: "performanceInsightsEnabled", is: ON },
        key: cmk("performanceInsightsKmsKeyId", "aws-managed-key", "alias/aws/rds"),
      },
    ],
    notes:
      "Performance Insights keeps SQL text, which can contain ePHI; the anchors do not tag this check for any framework.",
  },
  dynamodbTable: {
    service: "DynamoDB table",
    types: ["aws:dynamodb/table:Table"],
    targets: [
      {
        part: "table",
        flags: [encrypted("serverSideEncryption.enabled", "aws-owned-key")],
        key: cmk("serverSideEncryption.kmsKeyArn", "aws-managed-key", "alias/aws/dynamodb"),
      },
      { part: "replica", at: "replicas[]", key: cmk("kmsKeyArn", "aws-managed-key", "alias/aws/dynamodb") },
    ],
    notes:
      "Tables are always encrypted, by default under an AWS-owned key; cdk-nag and the AWS Config HIPAA pack dropped the check for that reason, which leaves the key out of the customer's control.",
  },
  dynamodbTableReplica: {
    service: "DynamoDB table replica",
    types: ["aws:dynamodb/tableReplica:TableReplica"],
    targets: [{ part: "replica", key: cmk("kmsKeyArn", "aws-managed-key", "alias/aws/dynamodb") }],
    notes: "A replica names its own regional key.",
  },
  daxCluster: {
    service: "DAX cluster",
    types: ["aws:dax/cluster:Cluster"],
    targets: [{ part: "cluster", flags: [encrypted("serverSideEncryption.enabled")] }],
    notes:
      "DAX has no key property (AWS chooses the key), so only the switch is checked; it cannot change after creation.",
  },
  efsFileSystem: {
    service: "EFS file system",
    types: ["aws:efs/fileSystem:FileSystem"],
    targets: [
      {
        part: "file system",
        flags: [encrypted("encrypted")],
        key: cmk("kmsKeyId", "aws-managed-key", "alias/aws/elasticfilesystem"),
      },
    ],
    notes: "The API default is encrypted=false; cdk-nag passes an unset flag.",
  },
  efsReplication: {
    service: "EFS replication",
    types: ["aws:efs/replicationConfiguration:ReplicationConfiguration"],
    targets: [
      {
        part: "replica file system",
        unless: { path: "destination.fileSystemId", is: { nonEmpty: true } },
        key: cmk("destination.kmsKeyId", "aws-managed-key", "alias/aws/elasticfilesystem"),
      },
    ],
    notes:
      "A new destination file system is encrypted under the destination's aws/elasticfilesystem key unless kmsKeyId is set; an existing destination is checked by its own row.",
  },
  fsxFileSystem: {
    service: "FSx file system",
    types: [
      "aws:fsx/windowsFileSystem:WindowsFileSystem",
      "aws:fsx/lustreFileSystem:LustreFileSystem",
      "aws:fsx/ontapFileSystem:OntapFileSystem",
      "aws:fsx/openZfsFileSystem:OpenZfsFileSystem",
    ],
    targets: [{ part: "file system", key: cmk("kmsKeyId", "aws-managed-key", "alias/aws/fsx") }],
    notes:
      "FSx is always encrypted; only the key is a choice (Lustre scratch file systems use an AWS key and cannot take a CMK).",
  },
  elasticacheReplicationGroup: {
    service: "ElastiCache replication group",
    types: ["aws:elasticache/replicationGroup:ReplicationGroup"],
    targets: [
      {
        part: "cache data",
        flags: [
          {
            ...encrypted("atRestEncryptionEnabled"),
            encryptedByDefaultWhen: { path: "engine", is: { equals: ["valkey"] } },
          },
        ],
        key: cmk("kmsKeyId", "aws-owned-key"),
      },
    ],
    notes: "atRestEncryptionEnabled defaults to false for redis and true for valkey.",
  },
  elasticacheServerless: {
    service: "ElastiCache Serverless cache",
    types: ["aws:elasticache/serverlessCache:ServerlessCache"],
    targets: [{ part: "cache data", key: cmk("kmsKeyId", "aws-owned-key") }],
    notes: "Always encrypted; only the key is a choice.",
  },
  elasticacheStandalone: {
    service: "ElastiCache node-based cluster",
    types: ["aws:elasticache/cluster:Cluster"],
    targets: [{ part: "cache data", flags: [encrypted("replicationGroupId", "unencrypted", { nonEmpty: true })] }],
    notes:
      "A node-based cluster outside a replication group (memcached, or a single Redis node) cannot be encrypted at rest; inside one, the group's row applies.",
  },
  memorydb: {
    service: "MemoryDB",
    types: ["aws:memorydb/cluster:Cluster", "aws:memorydb/snapshot:Snapshot"],
    targets: [{ part: "data", key: cmk("kmsKeyArn", "aws-owned-key") }],
    notes: "Always encrypted at rest; the key defaults to an AWS one.",
  },
  opensearchDomain: {
    service: "OpenSearch/Elasticsearch domain",
    types: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
    targets: [
      {
        part: "domain data",
        flags: [encrypted("encryptAtRest.enabled")],
        key: cmk("encryptAtRest.kmsKeyId", "aws-managed-key", "alias/aws/es"),
      },
    ],
    notes:
      "Both the OpenSearch and the legacy Elasticsearch token (AWS Config splits them; AWSGuard knows only Elasticsearch).",
  },
  opensearchServerless: {
    service: "OpenSearch Serverless encryption policy",
    types: ["aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy"],
    targets: [
      {
        part: "collections",
        when: { path: "type", is: { equals: ["encryption"] } },
        at: "policy",
        json: true,
        key: cmk("KmsARN", "aws-owned-key"),
      },
    ],
    notes:
      "Collections are encrypted under the key their encryption policy names; AWSOwnedKey true (no KmsARN) leaves it to AWS.",
  },
  redshiftCluster: {
    service: "Redshift cluster",
    types: ["aws:redshift/cluster:Cluster"],
    targets: [
      {
        part: "cluster data",
        flags: [encrypted("encrypted", "aws-owned-key", ON_OR_STRING)],
        key: cmk("kmsKeyId", "aws-owned-key"),
      },
    ],
    notes: "pulumi-aws 7 types `encrypted` as a string defaulting to true (AWS-owned key); pulumi-aws 6 as a boolean.",
  },
  redshiftServerless: {
    service: "Redshift Serverless namespace",
    types: ["aws:redshiftserverless/namespace:Namespace"],
    targets: [{ part: "namespace data", key: cmk("kmsKeyId", "aws-owned-key") }],
    notes: "Always encrypted; only the key is a choice.",
  },
  redshiftSnapshotCopyGrant: {
    service: "Redshift snapshot copy grant",
    types: ["aws:redshift/snapshotCopyGrant:SnapshotCopyGrant"],
    targets: [{ part: "copied snapshots", key: cmk("kmsKeyId", "aws-managed-key", "alias/aws/redshift") }],
    notes: "Snapshots copied to another region are encrypted under this grant's key.",
  },
  documentdb: {
    service: "DocumentDB cluster",
    types: ["aws:docdb/cluster:Cluster"],
    targets: [{ part: "storage", flags: [encrypted("storageEncrypted")], key: RDS_KEY }],
    notes: "storageEncrypted defaults to false; the default key is aws/rds.",
  },
  documentdbGlobalCluster: {
    service: "DocumentDB global cluster",
    types: ["aws:docdb/globalCluster:GlobalCluster"],
    targets: [{ part: "storage", flags: [encrypted("storageEncrypted")], inheritsFrom: "sourceDbClusterIdentifier" }],
    notes: "Like RDS global clusters: member clusters carry the keys.",
  },
  documentdbElastic: {
    service: "DocumentDB elastic cluster",
    types: ["aws:docdb/elasticCluster:ElasticCluster"],
    targets: [{ part: "storage", key: cmk("kmsKeyId", "aws-owned-key") }],
    notes: "Always encrypted; only the key is a choice.",
  },
  neptune: {
    service: "Neptune cluster",
    types: ["aws:neptune/cluster:Cluster"],
    targets: [
      {
        part: "storage",
        flags: [encrypted("storageEncrypted")],
        key: cmk("kmsKeyArn", "aws-managed-key", "alias/aws/rds"),
      },
    ],
    notes: "storageEncrypted defaults to false.",
  },
  sqsQueue: {
    service: "SQS queue",
    types: ["aws:sqs/queue:Queue"],
    targets: [{ part: "messages", key: cmk("kmsMasterKeyId", "aws-owned-key") }],
    notes:
      "Unset means SSE-SQS (keys SQS owns) on new queues, or none with sqsManagedSseEnabled false; Checkov CKV2_AWS_73 passes an unset key.",
  },
  snsTopic: {
    service: "SNS topic",
    types: ["aws:sns/topic:Topic"],
    targets: [{ part: "messages", key: cmk("kmsMasterKeyId", "unencrypted") }],
    notes:
      "No server-side encryption unless kmsMasterKeyId is set; Checkov CKV_AWS_26 and cdk-nag accept alias/aws/sns.",
  },
  kinesisStream: {
    service: "Kinesis data stream",
    types: ["aws:kinesis/stream:Stream"],
    targets: [
      {
        part: "records",
        flags: [encrypted("encryptionType", "unencrypted", { equals: ["KMS"] })],
        key: cmk("kmsKeyId", "unencrypted"),
      },
    ],
    notes: "encryptionType defaults to NONE; KMS without a key is rejected by the API.",
  },
  firehose: {
    service: "Kinesis Data Firehose",
    types: ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"],
    targets: [
      {
        part: "buffered records",
        unless: { path: "kinesisSourceConfiguration", is: { nonEmpty: true } },
        flags: [
          encrypted("serverSideEncryption.enabled"),
          encrypted("serverSideEncryption.keyType", "aws-owned-key", { equals: ["CUSTOMER_MANAGED_CMK"] }),
        ],
        key: cmk("serverSideEncryption.keyArn", "aws-owned-key"),
      },
    ],
    notes:
      "With a Kinesis stream as source, Firehose cannot set SSE: the stream's own encryption applies (and is checked by its row).",
  },
  kinesisVideo: {
    service: "Kinesis Video stream",
    types: ["aws:kinesis/videoStream:VideoStream"],
    targets: [{ part: "media", key: cmk("kmsKeyId", "aws-managed-key", "alias/aws/kinesisvideo") }],
    notes: "Always encrypted; only the key is a choice.",
  },
  logGroup: {
    service: "CloudWatch log group",
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    targets: [{ part: "log events", key: cmk("kmsKeyId", "aws-owned-key") }],
    notes: "Logs are always service-encrypted; the AWS Config HIPAA pack dropped the CMK rule in 2022.",
  },
  cloudtrail: {
    service: "CloudTrail",
    types: ["aws:cloudtrail/trail:Trail", "aws:cloudtrail/eventDataStore:EventDataStore"],
    targets: [{ part: "log files", key: cmk("kmsKeyId", "aws-owned-key") }],
    notes: "Trails default to SSE-S3 on the log bucket; event data stores to an AWS-owned key.",
  },
  ecrRepository: {
    service: "ECR repository",
    types: ["aws:ecr/repository:Repository", "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"],
    targets: [
      {
        part: "images",
        at: "encryptionConfigurations[]",
        absentMeansDefaults: true,
        flags: [encrypted("encryptionType", "aws-owned-key", { equals: ["KMS", "KMS_DSSE"] })],
        key: cmk("kmsKey", "aws-managed-key", "alias/aws/ecr"),
      },
    ],
    notes: "The default is AES256 (keys ECR owns); KMS without kmsKey uses aws/ecr.",
  },
  eksSecrets: {
    service: "EKS cluster secrets",
    types: ["aws:eks/cluster:Cluster"],
    targets: [
      {
        part: "Kubernetes secrets",
        flags: [encrypted("encryptionConfig.resources", "aws-owned-key", { contains: "secrets" })],
        key: cmk("encryptionConfig.provider.keyArn", "aws-owned-key"),
      },
    ],
    notes:
      'Without encryptionConfig, secrets get only EKS\'s default envelope encryption under an AWS-owned key; compliance-policies does not check that resources holds "secrets".',
  },
  secretsManager: {
    service: "Secrets Manager secret",
    types: ["aws:secretsmanager/secret:Secret"],
    targets: [
      { part: "secret value", key: cmk("kmsKeyId", "aws-managed-key", "alias/aws/secretsmanager") },
      { part: "replica", at: "replicas[]", key: cmk("kmsKeyId", "aws-managed-key", "alias/aws/secretsmanager") },
    ],
    notes: "cdk-nag compares with the literal aws/secretsmanager and misses alias/aws/secretsmanager.",
  },
  ssmParameter: {
    service: "SSM SecureString parameter",
    types: ["aws:ssm/parameter:Parameter"],
    targets: [
      {
        part: "SecureString value",
        when: { path: "type", is: { equals: ["SecureString"] } },
        key: cmk("keyId", "aws-managed-key", "alias/aws/ssm"),
      },
    ],
    notes:
      "String and StringList parameters are not encrypted at all and have no key; their content is out of a static check's reach.",
  },
  athenaWorkgroup: {
    service: "Athena workgroup",
    types: ["aws:athena/workgroup:Workgroup"],
    targets: [
      {
        part: "query results",
        at: "configuration",
        absentMeansDefaults: true,
        flags: [
          encrypted("resultConfiguration.encryptionConfiguration.encryptionOption", "unencrypted", {
            equals: ["SSE_KMS", "CSE_KMS"],
          }),
          // clients could otherwise override the workgroup's encryption; AWS defaults to enforcing
          encrypted("enforceWorkgroupConfiguration", "secure-default"),
        ],
        key: cmk("resultConfiguration.encryptionConfiguration.kmsKeyArn", "unencrypted"),
      },
    ],
    notes:
      "enforceWorkgroupConfiguration defaults to true, so compliance-policies is wrong to flag it unset; SSE_S3 uses keys S3 owns.",
  },
  athenaDatabase: {
    service: "Athena database",
    types: ["aws:athena/database:Database"],
    targets: [
      {
        part: "query results",
        at: "encryptionConfiguration",
        absentMeansDefaults: true,
        flags: [encrypted("encryptionOption", "unencrypted", { equals: ["SSE_KMS", "CSE_KMS"] })],
        key: cmk("kmsKey", "unencrypted"),
      },
    ],
    notes: "compliance-policies flags CSE_KMS, which is customer-managed too.",
  },
  glueCatalog: {
    service: "Glue Data Catalog",
    types: ["aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings"],
    targets: [
      {
        part: "catalog metadata",
        at: "dataCatalogEncryptionSettings.encryptionAtRest",
        absentMeansDefaults: true,
        flags: [
          encrypted("catalogEncryptionMode", "unencrypted", { equals: ["SSE-KMS", "SSE-KMS-WITH-SERVICE-ROLE"] }),
        ],
        key: cmk("sseAwsKmsKeyId", "aws-managed-key", "alias/aws/glue"),
      },
      {
        part: "connection passwords",
        at: "dataCatalogEncryptionSettings.connectionPasswordEncryption",
        absentMeansDefaults: true,
        flags: [encrypted("returnConnectionPasswordEncrypted")],
        key: cmk("awsKmsKeyId", "aws-managed-key", "alias/aws/glue"),
      },
    ],
    notes: "catalogEncryptionMode DISABLED leaves the catalog unencrypted.",
  },
  glueSecurityConfiguration: {
    service: "Glue security configuration",
    types: ["aws:glue/securityConfiguration:SecurityConfiguration"],
    targets: [
      {
        part: "S3 output",
        at: "encryptionConfiguration.s3Encryption",
        absentMeansDefaults: true,
        flags: [encrypted("s3EncryptionMode", "unencrypted", { equals: ["SSE-KMS"] })],
        key: cmk("kmsKeyArn", "unencrypted"),
      },
      {
        part: "CloudWatch logs",
        at: "encryptionConfiguration.cloudwatchEncryption",
        absentMeansDefaults: true,
        flags: [encrypted("cloudwatchEncryptionMode", "unencrypted", { equals: ["SSE-KMS"] })],
        key: cmk("kmsKeyArn", "unencrypted"),
      },
      {
        part: "job bookmarks",
        at: "encryptionConfiguration.jobBookmarksEncryption",
        absentMeansDefaults: true,
        flags: [encrypted("jobBookmarksEncryptionMode", "unencrypted", { equals: ["CSE-KMS"] })],
        key: cmk("kmsKeyArn", "unencrypted"),
      },
    ],
    notes: "Each mode defaults to DISABLED; SSE-S3 output uses keys S3 owns.",
  },
  glueJob: {
    service: "Glue job or crawler",
    types: ["aws:glue/job:Job", "aws:glue/crawler:Crawler"],
    targets: [
      {
        part: "job output, logs and bookmarks",
        flags: [encrypted("securityConfiguration", "unencrypted", { nonEmpty: true })],
      },
    ],
    notes:
      "Without a security configuration Glue leaves S3 output (beyond the bucket default), CloudWatch logs and bookmarks unencrypted.",
  },
  sagemaker: {
    service: "SageMaker",
    types: ["aws:sagemaker/notebookInstance:NotebookInstance", "aws:sagemaker/domain:Domain"],
    targets: [{ part: "ML storage volume", key: cmk("kmsKeyId", "aws-managed-key", "alias/aws/sagemaker") }],
    notes: "Notebook and Studio EFS volumes default to an AWS-managed key.",
  },
  sagemakerEndpointConfiguration: {
    service: "SageMaker endpoint configuration",
    types: ["aws:sagemaker/endpointConfiguration:EndpointConfiguration"],
    targets: [{ part: "endpoint storage volume", key: cmk("kmsKeyArn", "aws-managed-key", "alias/aws/sagemaker") }],
    notes:
      "Endpoint ML storage volumes; instance types with NVMe instance store are hardware-encrypted and reject a key, so exempt those.",
  },
  backupVault: {
    service: "AWS Backup vault",
    types: ["aws:backup/vault:Vault"],
    targets: [{ part: "recovery points", key: cmk("kmsKeyArn", "aws-managed-key", "alias/aws/backup") }],
    notes:
      "A vault is always encrypted, by default under aws/backup; Checkov CKV_AWS_166 is the only anchor checking the key.",
  },
  backupAirGappedVault: {
    service: "AWS Backup logically air-gapped vault",
    types: ["aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault"],
    targets: [{ part: "recovery points", key: cmk("encryptionKeyArn", "aws-owned-key") }],
    notes: "Defaults to an AWS-owned key.",
  },
  lambdaEnvironment: {
    service: "Lambda environment variables",
    types: ["aws:lambda/function:Function"],
    targets: [
      {
        part: "environment variables",
        when: { path: "environment.variables", is: { nonEmpty: true } },
        key: cmk("kmsKeyArn", "aws-managed-key", "alias/aws/lambda"),
      },
    ],
    notes: "Only a function with environment variables stores data at rest under this key.",
  },
  codebuildProject: {
    service: "CodeBuild project",
    types: ["aws:codebuild/project:Project"],
    targets: [
      { part: "build output", key: cmk("encryptionKey", "aws-managed-key", "alias/aws/s3") },
      {
        part: "artifacts",
        at: "artifacts",
        flags: [encrypted("encryptionDisabled", "secure-default", { equals: [false] })],
      },
      {
        part: "secondary artifacts",
        at: "secondaryArtifacts[]",
        flags: [encrypted("encryptionDisabled", "secure-default", { equals: [false] })],
      },
      {
        part: "S3 build logs",
        at: "logsConfig.s3Logs",
        flags: [encrypted("encryptionDisabled", "secure-default", { equals: [false] })],
      },
    ],
    notes: "Artifacts and S3 logs are encrypted unless encryptionDisabled is true; the key defaults to aws/s3.",
  },
  codepipeline: {
    service: "CodePipeline artifact store",
    types: ["aws:codepipeline/pipeline:Pipeline"],
    targets: [
      {
        part: "pipeline artifacts",
        at: "artifactStores[]",
        key: cmk("encryptionKey.id", "aws-managed-key", "alias/aws/s3"),
      },
    ],
    notes: "Checkov CKV_AWS_219.",
  },
  imagebuilder: {
    service: "EC2 Image Builder",
    types: ["aws:imagebuilder/component:Component"],
    targets: [{ part: "component document", key: cmk("kmsKeyId", "aws-owned-key") }],
    notes: "Checkov CKV_AWS_180.",
  },
  imagebuilderRecipe: {
    service: "EC2 Image Builder recipe",
    types: ["aws:imagebuilder/imageRecipe:ImageRecipe"],
    targets: [
      {
        part: "image EBS volume",
        at: "blockDeviceMappings[].ebs",
        flags: [encrypted("encrypted", "source-key", ON_OR_STRING)],
        key: cmk("kmsKeyId", "aws-managed-key", "alias/aws/ebs"),
      },
    ],
    notes: "ebs.encrypted is a string, as in launch templates; Checkov CKV_AWS_200.",
  },
  imagebuilderDistribution: {
    service: "EC2 Image Builder distribution",
    types: ["aws:imagebuilder/distributionConfiguration:DistributionConfiguration"],
    targets: [
      {
        part: "distributed AMI",
        at: "distributions[].amiDistributionConfiguration",
        key: cmk("kmsKeyId", "source-key"),
      },
    ],
    notes: "Checkov CKV_AWS_199; without kmsKeyId the distributed AMI keeps the build's key.",
  },
  emrSecurityConfiguration: {
    service: "EMR security configuration",
    types: ["aws:emr/securityConfiguration:SecurityConfiguration"],
    targets: [
      {
        part: "EMRFS data in S3",
        at: "configuration",
        json: true,
        flags: [
          encrypted("EncryptionConfiguration.EnableAtRestEncryption"),
          encrypted(
            "EncryptionConfiguration.AtRestEncryptionConfiguration.S3EncryptionConfiguration.EncryptionMode",
            "unencrypted",
            {
              equals: ["SSE-KMS", "CSE-KMS"],
            },
          ),
        ],
        key: cmk(
          "EncryptionConfiguration.AtRestEncryptionConfiguration.S3EncryptionConfiguration.AwsKmsKey",
          "unencrypted",
        ),
      },
      {
        part: "local disks and EBS volumes",
        at: "configuration",
        json: true,
        // EnableAtRestEncryption is checked once, with the EMRFS target
        flags: [
          encrypted(
            "EncryptionConfiguration.AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration.EncryptionKeyProviderType",
            "unencrypted",
            {
              equals: ["AwsKms"],
            },
          ),
          encrypted(
            "EncryptionConfiguration.AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration.EnableEbsEncryption",
          ),
        ],
        key: cmk(
          "EncryptionConfiguration.AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration.AwsKmsKey",
          "unencrypted",
        ),
      },
    ],
    notes: 'The settings are a JSON document; Checkov CKV_AWS_171 accepts any "SSE-KMS" substring.',
  },
  emrCluster: {
    service: "EMR cluster",
    types: ["aws:emr/cluster:Cluster"],
    targets: [{ part: "cluster data", flags: [encrypted("securityConfiguration", "unencrypted", { nonEmpty: true })] }],
    notes: "Without a security configuration EMRFS, local disks and EBS volumes are not encrypted by EMR.",
  },
  mskCluster: {
    service: "MSK cluster",
    types: ["aws:msk/cluster:Cluster"],
    targets: [
      {
        part: "broker storage",
        key: cmk("encryptionInfo.encryptionAtRestKmsKeyArn", "aws-managed-key", "alias/aws/kafka"),
      },
    ],
    notes: "Always encrypted at rest, by default under aws/kafka.",
  },
  timestream: {
    service: "Timestream database",
    types: ["aws:timestreamwrite/database:Database"],
    targets: [{ part: "time series", key: cmk("kmsKeyId", "aws-managed-key", "alias/aws/timestream") }],
    notes: "Always encrypted; only the key is a choice.",
  },
  keyspaces: {
    service: "Keyspaces table",
    types: ["aws:keyspaces/table:Table"],
    targets: [
      {
        part: "table",
        flags: [encrypted("encryptionSpecification.type", "aws-owned-key", { equals: ["CUSTOMER_MANAGED_KMS_KEY"] })],
        key: cmk("encryptionSpecification.kmsKeyIdentifier", "aws-owned-key"),
      },
    ],
    notes: "The default type is AWS_OWNED_KMS_KEY.",
  },
  mqBroker: {
    service: "Amazon MQ broker",
    types: ["aws:mq/broker:Broker"],
    targets: [
      {
        part: "broker storage",
        flags: [encrypted("encryptionOptions.useAwsOwnedKey", "aws-owned-key", { equals: [false] })],
        key: cmk("encryptionOptions.kmsKeyId", "aws-managed-key", "alias/aws/mq"),
      },
    ],
    notes: "useAwsOwnedKey defaults to true.",
  },
  workspaces: {
    service: "WorkSpaces workspace",
    types: ["aws:workspaces/workspace:Workspace"],
    targets: [
      {
        part: "root and user volumes",
        flags: [encrypted("rootVolumeEncryptionEnabled"), encrypted("userVolumeEncryptionEnabled")],
        key: cmk("volumeEncryptionKey", "aws-managed-key", "alias/aws/workspaces"),
      },
    ],
    notes: "Both volumes default to unencrypted.",
  },
  dmsReplicationInstance: {
    service: "DMS replication instance",
    types: ["aws:dms/replicationInstance:ReplicationInstance"],
    targets: [{ part: "replication storage", key: cmk("kmsKeyArn", "aws-managed-key", "alias/aws/dms") }],
    notes: "Storage holds data in flight between sources and targets.",
  },
  dmsS3Endpoint: {
    service: "DMS S3 target endpoint",
    types: ["aws:dms/s3Endpoint:S3Endpoint"],
    targets: [
      {
        part: "migrated data in S3",
        when: { path: "endpointType", is: { equals: ["target"] } },
        flags: [encrypted("encryptionMode", "aws-owned-key", { equals: ["SSE_KMS"] })],
        key: cmk("serverSideEncryptionKmsKeyId", "aws-managed-key", "alias/aws/s3"),
      },
    ],
    notes: "encryptionMode defaults to SSE_S3; Checkov CKV_AWS_298. Source endpoints ignore these settings.",
  },
  appflow: {
    service: "AppFlow flow",
    types: ["aws:appflow/flow:Flow", "aws:appflow/connectorProfile:ConnectorProfile"],
    targets: [{ part: "flow data", key: cmk("kmsArn", "aws-managed-key", "alias/aws/appflow") }],
    notes: "Matches compliance-policies' AppFlow checks, with AWS-managed aliases rejected.",
  },
  kendra: {
    service: "Kendra index",
    types: ["aws:kendra/index:Index"],
    targets: [{ part: "indexed documents", key: cmk("serverSideEncryptionConfiguration.kmsKeyId", "aws-owned-key") }],
    notes: "Checkov CKV_AWS_262; the default is an AWS-owned key.",
  },
  bedrockAgent: {
    service: "Bedrock agent",
    types: ["aws:bedrock/agentAgent:AgentAgent"],
    targets: [{ part: "agent resources and sessions", key: cmk("customerEncryptionKeyArn", "aws-owned-key") }],
    notes: "Checkov CKV_AWS_373; agents see the prompts, which can carry ePHI.",
  },
  comprehend: {
    service: "Comprehend custom model",
    types: ["aws:comprehend/entityRecognizer:EntityRecognizer", "aws:comprehend/documentClassifier:DocumentClassifier"],
    targets: [
      { part: "training volume", key: cmk("volumeKmsKeyId", "aws-owned-key") },
      { part: "trained model", key: cmk("modelKmsKeyId", "aws-owned-key") },
    ],
    notes: "Checkov CKV_AWS_267/268; models are trained on documents that can be clinical notes.",
  },
  connectStorage: {
    service: "Amazon Connect storage",
    types: ["aws:connect/instanceStorageConfig:InstanceStorageConfig"],
    targets: [
      {
        part: "recordings and transcripts in S3",
        // without an encryptionConfig the bucket's default encryption applies (s3-encryption-at-rest-cmk)
        at: "storageConfig.s3Config.encryptionConfig",
        flags: [encrypted("encryptionType", "aws-owned-key", { equals: ["KMS"] })],
        key: cmk("keyId", "aws-owned-key"),
      },
      {
        part: "live media streams",
        at: "storageConfig.kinesisVideoStreamConfig.encryptionConfig",
        flags: [encrypted("encryptionType", "aws-owned-key", { equals: ["KMS"] })],
        key: cmk("keyId", "aws-managed-key", "alias/aws/kinesisvideo"),
      },
    ],
    notes:
      "Contact-center call recordings, chat transcripts and media streams of a clinic carry ePHI; Checkov CKV_AWS_269/270.",
  },
  apigatewayCache: {
    service: "API Gateway stage cache",
    types: ["aws:apigateway/methodSettings:MethodSettings"],
    targets: [
      {
        part: "response cache",
        when: { path: "settings.cachingEnabled", is: ON },
        flags: [encrypted("settings.cacheDataEncrypted")],
      },
    ],
    notes:
      "Cached responses can hold ePHI; the AWS Config HIPAA pack dropped this rule in 2022. The cache has no key property.",
  },
  appsyncCache: {
    service: "AppSync API cache",
    types: ["aws:appsync/apiCache:ApiCache"],
    targets: [{ part: "resolver cache", flags: [encrypted("atRestEncryptionEnabled")] }],
    notes: "Checkov CKV_AWS_214; no key property.",
  },
  xray: {
    service: "X-Ray encryption",
    types: ["aws:xray/encryptionConfig:EncryptionConfig"],
    targets: [
      {
        part: "traces",
        flags: [encrypted("type", "aws-owned-key", { equals: ["KMS"] })],
        key: cmk("keyId", "aws-owned-key"),
      },
    ],
    notes: "Trace segments and annotations can carry ePHI; type NONE uses X-Ray's default encryption.",
  },
  codeartifact: {
    service: "CodeArtifact domain",
    types: ["aws:codeartifact/domain:Domain"],
    targets: [{ part: "packages", key: cmk("encryptionKey", "aws-managed-key", "alias/aws/codeartifact") }],
    notes: "Always encrypted; only the key is a choice.",
  },
} satisfies Record<string, AtRestRow>;

export const AT_REST_ROWS: readonly AtRestRow[] = Object.values(AT_REST);
