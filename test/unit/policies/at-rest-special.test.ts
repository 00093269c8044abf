/** The at-rest cases the generated catalogue test cannot reach: defaults, inheritance, conditions, JSON documents. */
import { kmsKeyProvenance, trusted } from "../../../policies/src/rules/at-rest/kms-key-provenance";
import * as analytics from "../../../policies/src/rules/at-rest/analytics";
import * as compute from "../../../policies/src/rules/at-rest/compute";
import * as databases from "../../../policies/src/rules/at-rest/databases";
import * as messaging from "../../../policies/src/rules/at-rest/messaging";
import * as storage from "../../../policies/src/rules/at-rest/storage";
import { s3BucketKeyEnabled } from "../../../policies/src/rules/s3/s3-bucket-key";
import { analyzeStack, outcome, resource, UNKNOWN } from "../../harness/policy-harness";
import type { WireObject } from "../../../engine/src/wire";

const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/0b0c6c1e-1111-2222-3333-444455556666";
const OUTSIDE_ARN = "arn:aws:kms:us-east-1:444455556666:key/9f9f9f9f-1111-2222-3333-444455556666";
const key = resource("aws:kms/key:Key", "data-key", { arn: UNKNOWN });
const INSTANCE = "aws:ec2/instance:Instance";
const byDefault = (enabled?: boolean) =>
  resource("aws:ebs/encryptionByDefault:EncryptionByDefault", "ebs-default", enabled === undefined ? {} : { enabled });
const defaultKey = resource(
  "aws:ebs/defaultKmsKey:DefaultKmsKey",
  "ebs-default-key",
  { keyArn: UNKNOWN },
  { keyArn: [key] },
);

describe("ec2-instance-volume-encryption-cmk: the root volume and account default encryption", () => {
  const bare = resource(INSTANCE, "web", { ami: "ami-123", instanceType: "t3.micro" });

  test("non-compliant: no rootBlockDevice means the AMI's unencrypted default root volume", async () => {
    const o = outcome(await analyzeStack(compute.ec2InstanceVolumeEncryption, [bare]));
    expect(o.violations).toEqual([
      expect.stringContaining("rootBlockDevice.encrypted is unset, so AWS stores it unencrypted (the root volume)"),
    ]);
  });

  test("compliant: account default encryption with a customer-managed default key in the stack", async () => {
    const o = outcome(await analyzeStack(compute.ec2InstanceVolumeEncryption, [key, byDefault(), defaultKey, bare]));
    expect(o).toEqual({ violations: [], unknownAtPreview: false, notApplicable: false });
  });

  test("non-compliant: account default encryption without a default key uses alias/aws/ebs", async () => {
    const o = outcome(await analyzeStack(compute.ec2InstanceVolumeEncryption, [byDefault(true), bare]));
    expect(o.violations).toEqual([expect.stringContaining("account's EBS default encryption uses alias/aws/ebs")]);
  });

  test("non-compliant: the account default is an AWS-managed alias", async () => {
    const aliasDefault = resource("aws:ebs/defaultKmsKey:DefaultKmsKey", "d", { keyArn: "alias/aws/ebs" });
    const o = outcome(await analyzeStack(compute.ec2InstanceVolumeEncryption, [byDefault(), aliasDefault, bare]));
    expect(o.violations).toEqual([expect.stringContaining("alias/aws/ebs is an AWS-managed key")]);
  });

  test("non-compliant: EncryptionByDefault with enabled false does not cover the volume", async () => {
    const o = outcome(
      await analyzeStack(compute.ec2InstanceVolumeEncryption, [byDefault(false), defaultKey, key, bare]),
    );
    expect(o.violations).toEqual([expect.stringContaining("rootBlockDevice.encrypted is unset")]);
  });

  test("non-compliant: an explicit encrypted false is not overridden by the account default", async () => {
    const off = resource(INSTANCE, "web", { rootBlockDevice: { encrypted: false } });
    const o = outcome(await analyzeStack(compute.ec2InstanceVolumeEncryption, [key, byDefault(), defaultKey, off]));
    expect(o.violations).toEqual([expect.stringContaining("rootBlockDevice.encrypted is false")]);
  });

  test("non-compliant: a block device from a snapshot is not assumed encrypted (Checkov passes it)", async () => {
    const fromSnapshot = resource(INSTANCE, "web", {
      rootBlockDevice: { encrypted: true, kmsKeyId: KEY_ARN },
      ebsBlockDevices: [{ deviceName: "/dev/sdf", snapshotId: "snap-1" }],
    });
    const o = outcome(await analyzeStack(compute.ec2InstanceVolumeEncryption, [fromSnapshot]));
    expect(o.violations).toEqual([expect.stringContaining("ebsBlockDevices[0].encrypted is unset")]);
  });

  test("one violation per device, each naming its index", async () => {
    const two = resource(INSTANCE, "web", {
      rootBlockDevice: { encrypted: true, kmsKeyId: KEY_ARN },
      ebsBlockDevices: [{ encrypted: true, kmsKeyId: "alias/aws/ebs" }, { encrypted: false }],
    });
    const o = outcome(await analyzeStack(compute.ec2InstanceVolumeEncryption, [two]));
    expect(o.violations).toEqual([
      expect.stringContaining("ebsBlockDevices[0].kmsKeyId alias/aws/ebs"),
      expect.stringContaining("ebsBlockDevices[1].encrypted is false"),
    ]);
  });
});

describe("ec2-launch-template-encryption-cmk", () => {
  test('the string "true" counts as encrypted, the string "false" does not', async () => {
    const lt = (encrypted: string) =>
      resource("aws:ec2/launchTemplate:LaunchTemplate", "lt", {
        blockDeviceMappings: [{ ebs: { encrypted, kmsKeyId: KEY_ARN } }],
      });
    expect(outcome(await analyzeStack(compute.launchTemplateEncryption, [lt("true")])).violations).toEqual([]);
    expect(outcome(await analyzeStack(compute.launchTemplateEncryption, [lt("false")])).violations).toEqual([
      expect.stringContaining('ebs.encrypted is "false"'),
    ]);
  });

  test("an instance-store mapping without ebs has nothing to encrypt", async () => {
    const lt = resource("aws:ec2/launchTemplate:LaunchTemplate", "lt", {
      blockDeviceMappings: [{ deviceName: "/dev/sdb", virtualName: "ephemeral0" }],
    });
    expect(outcome(await analyzeStack(compute.launchTemplateEncryption, [lt])).violations).toEqual([]);
  });
});

describe("rds-instance-encryption-cmk: read replicas", () => {
  const source = resource("aws:rds/instance:Instance", "primary", {
    storageEncrypted: true,
    kmsKeyId: KEY_ARN,
    identifier: UNKNOWN,
  });

  test("compliant: a replica of a source in the stack inherits its encryption", async () => {
    const replica = resource(
      "aws:rds/instance:Instance",
      "replica",
      { replicateSourceDb: UNKNOWN },
      { replicateSourceDb: [source] },
    );
    expect(outcome(await analyzeStack(databases.rdsInstanceEncryption, [source, replica]))).toEqual({
      violations: [],
      unknownAtPreview: false,
      notApplicable: false,
    });
  });

  test("non-compliant: a replica of an outside source must name its key", async () => {
    const replica = resource("aws:rds/instance:Instance", "replica", {
      replicateSourceDb: "arn:aws:rds:us-west-2:444455556666:db:other",
    });
    const o = outcome(await analyzeStack(databases.rdsInstanceEncryption, [replica]));
    expect(o.violations).toEqual([expect.stringContaining("inherits the key of a source outside this stack")]);
  });

  test("compliant: a replica of an outside source with a customer-managed key", async () => {
    const replica = resource("aws:rds/instance:Instance", "replica", {
      replicateSourceDb: "arn:aws:rds:us-west-2:444455556666:db:other",
      kmsKeyId: KEY_ARN,
    });
    expect(outcome(await analyzeStack(databases.rdsInstanceEncryption, [replica])).violations).toEqual([]);
  });

  test("non-compliant: storageEncrypted false on a replica is still reported", async () => {
    const replica = resource(
      "aws:rds/instance:Instance",
      "replica",
      { replicateSourceDb: UNKNOWN, storageEncrypted: false },
      { replicateSourceDb: [source] },
    );
    expect(outcome(await analyzeStack(databases.rdsInstanceEncryption, [source, replica])).violations).toEqual([
      expect.stringContaining("storageEncrypted is false"),
    ]);
  });
});

describe("defaults that depend on another property", () => {
  test("Aurora Serverless v1 is encrypted by default; provisioned is not", async () => {
    const cluster = (engineMode: string) =>
      resource("aws:rds/cluster:Cluster", "db", { engineMode, kmsKeyId: KEY_ARN });
    expect(outcome(await analyzeStack(databases.rdsClusterEncryption, [cluster("serverless")])).violations).toEqual([]);
    expect(outcome(await analyzeStack(databases.rdsClusterEncryption, [cluster("provisioned")])).violations).toEqual([
      expect.stringContaining("storageEncrypted is unset"),
    ]);
  });

  test("ElastiCache valkey encrypts at rest by default; redis does not", async () => {
    const rg = (engine: string) =>
      resource("aws:elasticache/replicationGroup:ReplicationGroup", "cache", { engine, kmsKeyId: KEY_ARN });
    expect(outcome(await analyzeStack(databases.elasticacheEncryption, [rg("valkey")])).violations).toEqual([]);
    expect(outcome(await analyzeStack(databases.elasticacheEncryption, [rg("redis")])).violations).toEqual([
      expect.stringContaining("atRestEncryptionEnabled is unset"),
    ]);
  });

  test("an engine unknown at preview is not guessed", async () => {
    const rg = resource("aws:elasticache/replicationGroup:ReplicationGroup", "cache", {
      engine: UNKNOWN,
      kmsKeyId: KEY_ARN,
    });
    expect(outcome(await analyzeStack(databases.elasticacheEncryption, [rg]))).toMatchObject({
      violations: [],
      unknownAtPreview: true,
    });
  });

  test("Athena enforces the workgroup configuration by default; an explicit false is a violation", async () => {
    const wg = (extra: WireObject) =>
      resource("aws:athena/workgroup:Workgroup", "wg", {
        configuration: {
          ...extra,
          resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: KEY_ARN } },
        },
      });
    expect(outcome(await analyzeStack(analytics.athenaEncryption, [wg({})])).violations).toEqual([]);
    expect(
      outcome(await analyzeStack(analytics.athenaEncryption, [wg({ enforceWorkgroupConfiguration: false })]))
        .violations,
    ).toEqual([expect.stringContaining("configuration.enforceWorkgroupConfiguration is false")]);
  });

  test("a workgroup without configuration stores results unencrypted", async () => {
    const o = outcome(
      await analyzeStack(analytics.athenaEncryption, [resource("aws:athena/workgroup:Workgroup", "wg", {})]),
    );
    expect(o.violations).toEqual([expect.stringContaining("encryptionOption is unset, so AWS stores it unencrypted")]);
  });
});

describe("parts that exist only under a condition", () => {
  test("a Lambda function without environment variables has nothing to encrypt", async () => {
    const fn = resource("aws:lambda/function:Function", "fn", { runtime: "nodejs20.x" });
    expect(outcome(await analyzeStack(compute.lambdaEnvironmentEncryption, [fn])).violations).toEqual([]);
    const withEnv = resource("aws:lambda/function:Function", "fn", { environment: { variables: { A: "1" } } });
    expect(outcome(await analyzeStack(compute.lambdaEnvironmentEncryption, [withEnv])).violations).toEqual([
      expect.stringContaining("alias/aws/lambda"),
    ]);
  });

  test("SSM String parameters have no key; SecureString ones need a customer-managed key", async () => {
    const p = (type: string) => resource("aws:ssm/parameter:Parameter", "p", { type, value: "v" });
    expect(outcome(await analyzeStack(messaging.ssmParameterEncryption, [p("String")])).violations).toEqual([]);
    expect(outcome(await analyzeStack(messaging.ssmParameterEncryption, [p("SecureString")])).violations).toEqual([
      expect.stringContaining("alias/aws/ssm"),
    ]);
  });

  test("a parameter type unknown at preview leaves the SDK's advisory", async () => {
    const p = resource("aws:ssm/parameter:Parameter", "p", { type: UNKNOWN });
    expect(outcome(await analyzeStack(messaging.ssmParameterEncryption, [p]))).toMatchObject({
      violations: [],
      unknownAtPreview: true,
    });
  });

  test("Performance Insights off needs no key", async () => {
    const db = resource("aws:rds/instance:Instance", "db", { performanceInsightsEnabled: false });
    expect(outcome(await analyzeStack(databases.rdsPerformanceInsightsEncryption, [db])).violations).toEqual([]);
  });

  test("a Firehose fed by a Kinesis stream takes the stream's encryption", async () => {
    const fh = resource("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "fh", {
      kinesisSourceConfiguration: { kinesisStreamArn: "arn" },
    });
    expect(outcome(await analyzeStack(analytics.firehoseEncryption, [fh])).violations).toEqual([]);
    const direct = resource("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "fh", {});
    expect(outcome(await analyzeStack(analytics.firehoseEncryption, [direct])).violations).toEqual([
      expect.stringContaining("serverSideEncryption.enabled is unset"),
      expect.stringContaining("serverSideEncryption.keyType is unset"),
    ]);
  });

  test("an EKS cluster that encrypts only other resources leaves secrets under the AWS default", async () => {
    const eks = resource("aws:eks/cluster:Cluster", "eks", {
      encryptionConfig: { resources: ["configmaps"], provider: { keyArn: KEY_ARN } },
    });
    expect(outcome(await analyzeStack(compute.eksSecretsEncryption, [eks])).violations).toEqual([
      expect.stringContaining('a list containing "secrets"'),
    ]);
  });
});

describe("emr-encryption-at-rest-cmk: the JSON security configuration", () => {
  const doc = (s3Mode: string) =>
    JSON.stringify({
      EncryptionConfiguration: {
        EnableAtRestEncryption: true,
        AtRestEncryptionConfiguration: {
          S3EncryptionConfiguration: { EncryptionMode: s3Mode, AwsKmsKey: KEY_ARN },
          LocalDiskEncryptionConfiguration: {
            EncryptionKeyProviderType: "AwsKms",
            AwsKmsKey: KEY_ARN,
            EnableEbsEncryption: true,
          },
        },
      },
    });
  const sc = (configuration: string) =>
    resource("aws:emr/securityConfiguration:SecurityConfiguration", "sc", { configuration });

  test("SSE-KMS passes, SSE-S3 does not (Checkov accepts any SSE-KMS substring)", async () => {
    expect(outcome(await analyzeStack(analytics.emrEncryption, [sc(doc("SSE-KMS"))])).violations).toEqual([]);
    expect(outcome(await analyzeStack(analytics.emrEncryption, [sc(doc("SSE-S3"))])).violations).toEqual([
      expect.stringContaining('EncryptionMode is "SSE-S3"'),
    ]);
  });

  test("a document that is not JSON is a violation, never a crash", async () => {
    expect(outcome(await analyzeStack(analytics.emrEncryption, [sc("{not json")])).violations).toEqual([
      expect.stringContaining("configuration is not a JSON object"),
      expect.stringContaining("configuration is not a JSON object"),
    ]);
  });

  test("a cluster without a security configuration is not encrypted by EMR", async () => {
    const cluster = resource("aws:emr/cluster:Cluster", "emr", { releaseLabel: "emr-7.0.0" });
    expect(outcome(await analyzeStack(analytics.emrEncryption, [cluster])).violations).toEqual([
      expect.stringContaining("securityConfiguration is unset"),
    ]);
  });
});

describe("kms-key-provenance (advisory)", () => {
  const queue = (kmsMasterKeyId: string, tags: Record<string, string> = {}) =>
    resource("aws:sqs/queue:Queue", "q", { kmsMasterKeyId, tags });

  test("a literal key ARN from outside the stack is reported as unverifiable", async () => {
    const o = outcome(
      await analyzeStack(kmsKeyProvenance, [queue(OUTSIDE_ARN, { tenant: "north", environment: "dev" })]),
    );
    expect(o.violations).toEqual([
      expect.stringContaining(
        `kmsMasterKeyId ${OUTSIDE_ARN} is not a key in this stack nor on the trustedKeys allow-list for tenant north, environment dev`,
      ),
    ]);
    expect(kmsKeyProvenance.enforcementLevel).toBe("advisory");
  });

  test("a key in the stack, an AWS-managed alias (the mandatory rule's job) or an unknown key is not reported", async () => {
    const known = resource("aws:kms/key:Key", "k", { arn: KEY_ARN });
    const q2 = resource("aws:sqs/queue:Queue", "q2", { kmsMasterKeyId: UNKNOWN });
    const o = outcome(await analyzeStack(kmsKeyProvenance, [known, queue(KEY_ARN), queue("alias/aws/sqs"), q2]));
    expect(o).toEqual({ violations: [], unknownAtPreview: false, notApplicable: false });
  });

  test("not applicable without resources that take keys", async () => {
    expect(outcome(await analyzeStack(kmsKeyProvenance, [resource("aws:iam/role:Role", "r", {})])).notApplicable).toBe(
      true,
    );
  });

  test("the allow-list matches by ARN or glob, scoped to tenant and environment", () => {
    const keys = [
      { pattern: "arn:aws:kms:us-east-1:444455556666:key/*", tenant: "north", environment: "prod" },
      { arn: KEY_ARN },
    ];
    expect(trusted(OUTSIDE_ARN, keys, "north", "prod")).toBe(true);
    expect(trusted(OUTSIDE_ARN, keys, "south", "prod")).toBe(false);
    expect(trusted(OUTSIDE_ARN, keys, "north", "dev")).toBe(false);
    expect(trusted(KEY_ARN, keys)).toBe(true);
    expect(
      trusted("arn:aws:kms:us-east-1:444455556666:key.x", [{ pattern: "arn:aws:kms:us-east-1:444455556666:key.*" }]),
    ).toBe(true);
    expect(
      trusted("arn:aws:kms:us-east-1:444455556666:keyXx", [{ pattern: "arn:aws:kms:us-east-1:444455556666:key.*" }]),
    ).toBe(false);
  });
});

describe("s3-bucket-key-enabled (advisory)", () => {
  const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
  const bucket = resource("aws:s3/bucket:Bucket", "docs", { bucket: UNKNOWN });
  const sse = (sseAlgorithm: string, bucketKeyEnabled?: unknown) =>
    resource(
      SSE,
      "docs-sse",
      {
        bucket: UNKNOWN,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyId: KEY_ARN },
            ...(bucketKeyEnabled === undefined ? {} : { bucketKeyEnabled }),
          },
        ],
      } as never,
      {
        bucket: [bucket],
      },
    );

  test("compliant: aws:kms with the bucket key, or aws:kms:dsse (which has no bucket key)", async () => {
    expect(outcome(await analyzeStack(s3BucketKeyEnabled, [bucket, sse("aws:kms", true)])).violations).toEqual([]);
    expect(outcome(await analyzeStack(s3BucketKeyEnabled, [bucket, sse("aws:kms:dsse")])).violations).toEqual([]);
  });

  test("non-compliant: aws:kms without the bucket key", async () => {
    expect(outcome(await analyzeStack(s3BucketKeyEnabled, [bucket, sse("aws:kms")])).violations).toEqual([
      expect.stringContaining("bucketKeyEnabled unset"),
    ]);
    expect(outcome(await analyzeStack(s3BucketKeyEnabled, [bucket, sse("aws:kms", false)])).violations).toEqual([
      expect.stringContaining("bucketKeyEnabled false"),
    ]);
  });

  test("unknown at preview leaves the SDK's advisory; no buckets is not applicable", async () => {
    expect(outcome(await analyzeStack(s3BucketKeyEnabled, [bucket, sse("aws:kms", UNKNOWN)]))).toMatchObject({
      violations: [],
      unknownAtPreview: true,
    });
    expect(outcome(await analyzeStack(s3BucketKeyEnabled, [key])).notApplicable).toBe(true);
  });
});

describe("parts that need no check of their own", () => {
  test("an S3 object without serverSideEncryption takes its bucket's default; AES256 overrides it", async () => {
    const obj = (props: WireObject) =>
      resource("aws:s3/bucketObjectv2:BucketObjectv2", "o", { bucket: "b", key: "k", ...props });
    expect(outcome(await analyzeStack(storage.s3ObjectEncryption, [obj({})])).violations).toEqual([]);
    expect(
      outcome(await analyzeStack(storage.s3ObjectEncryption, [obj({ serverSideEncryption: "AES256" })])).violations,
    ).toEqual([expect.stringContaining('serverSideEncryption is "AES256"')]);
  });

  test("a DLM policy without cross-region copies has no copy to encrypt", async () => {
    const dlm = resource("aws:dlm/lifecyclePolicy:LifecyclePolicy", "dlm", {
      policyDetails: { schedules: [{ name: "daily", createRule: { interval: 24 } }] },
    });
    expect(outcome(await analyzeStack(compute.dlmCrossRegionCopyEncryption, [dlm])).violations).toEqual([]);
  });

  test("EFS replication into an existing file system leaves the key to that file system", async () => {
    const rep = (destination: WireObject) =>
      resource("aws:efs/replicationConfiguration:ReplicationConfiguration", "r", { destination });
    expect(outcome(await analyzeStack(storage.efsEncryption, [rep({ fileSystemId: "fs-123" })])).violations).toEqual(
      [],
    );
    expect(outcome(await analyzeStack(storage.efsEncryption, [rep({ region: "us-west-2" })])).violations).toEqual([
      expect.stringContaining(
        "destination.kmsKeyId is unset, so AWS uses the AWS-managed key alias/aws/elasticfilesystem",
      ),
    ]);
  });

  test("an ElastiCache node in a replication group is covered by the group", async () => {
    const node = (props: WireObject) => resource("aws:elasticache/cluster:Cluster", "n", props);
    expect(
      outcome(await analyzeStack(databases.elasticacheEncryption, [node({ replicationGroupId: "rg" })])).violations,
    ).toEqual([]);
    expect(
      outcome(await analyzeStack(databases.elasticacheEncryption, [node({ engine: "memcached" })])).violations,
    ).toEqual([expect.stringContaining("replicationGroupId is unset, so AWS stores it unencrypted")]);
  });

  test("API Gateway stages without caching have no cache to encrypt", async () => {
    const ms = (settings: WireObject) => resource("aws:apigateway/methodSettings:MethodSettings", "m", { settings });
    expect(
      outcome(await analyzeStack(analytics.apigatewayCacheEncryption, [ms({ metricsEnabled: true })])).violations,
    ).toEqual([]);
    expect(
      outcome(await analyzeStack(analytics.apigatewayCacheEncryption, [ms({ cachingEnabled: true })])).violations,
    ).toEqual([expect.stringContaining("settings.cacheDataEncrypted is unset")]);
  });
});
