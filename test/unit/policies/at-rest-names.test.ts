/** Pins the at-rest policy names (users configure and exempt them by name) and their enforcement levels. */
import { atRestPolicies } from "../../../policies/src/rules/at-rest";

const PINNED: Record<string, "mandatory" | "advisory"> = {
  "s3-encryption-at-rest-cmk": "mandatory",
  "s3-bucket-key-enabled": "advisory",
  "ebs-volume-encryption-cmk": "mandatory",
  "ebs-snapshot-copy-encryption-cmk": "mandatory",
  "ami-encryption-cmk": "mandatory",
  "ec2-instance-volume-encryption-cmk": "mandatory",
  "ec2-launch-template-encryption-cmk": "mandatory",
  "ec2-launch-configuration-encryption": "mandatory",
  "lambda-environment-encryption-cmk": "mandatory",
  "codebuild-encryption-cmk": "mandatory",
  "ecr-repository-encryption-cmk": "mandatory",
  "eks-secrets-encryption-cmk": "mandatory",
  "rds-instance-encryption-cmk": "mandatory",
  "rds-cluster-encryption-cmk": "mandatory",
  "rds-snapshot-copy-encryption-cmk": "mandatory",
  "rds-performance-insights-cmk": "mandatory",
  "dynamodb-table-encryption-cmk": "mandatory",
  "dax-cluster-encryption": "mandatory",
  "documentdb-encryption-cmk": "mandatory",
  "neptune-encryption-cmk": "mandatory",
  "elasticache-encryption-at-rest-cmk": "mandatory",
  "memorydb-encryption-cmk": "mandatory",
  "keyspaces-encryption-cmk": "mandatory",
  "timestream-encryption-cmk": "mandatory",
  "efs-encryption-cmk": "mandatory",
  "fsx-encryption-cmk": "mandatory",
  "backup-vault-encryption-cmk": "mandatory",
  "workspaces-encryption-cmk": "mandatory",
  "codeartifact-encryption-cmk": "mandatory",
  "opensearch-encryption-at-rest-cmk": "mandatory",
  "redshift-encryption-cmk": "mandatory",
  "athena-encryption-cmk": "mandatory",
  "glue-encryption-cmk": "mandatory",
  "emr-encryption-at-rest-cmk": "mandatory",
  "msk-encryption-at-rest-cmk": "mandatory",
  "kinesis-stream-encryption-cmk": "mandatory",
  "firehose-encryption-cmk": "mandatory",
  "sagemaker-encryption-cmk": "mandatory",
  "dms-replication-instance-encryption-cmk": "mandatory",
  "appflow-encryption-cmk": "mandatory",
  "sqs-queue-encryption-cmk": "mandatory",
  "sns-topic-encryption-cmk": "mandatory",
  "mq-broker-encryption-cmk": "mandatory",
  "cloudwatch-log-group-encryption-cmk": "mandatory",
  "cloudtrail-encryption-cmk": "mandatory",
  "secretsmanager-secret-cmk": "mandatory",
  "ssm-parameter-cmk": "mandatory",
  "dlm-cross-region-copy-encryption-cmk": "mandatory",
  "codepipeline-artifact-encryption-cmk": "mandatory",
  "imagebuilder-encryption-cmk": "mandatory",
  "rds-activity-stream-cmk": "mandatory",
  "s3-object-encryption-cmk": "mandatory",
  "apigateway-cache-encryption": "mandatory",
  "appsync-cache-encryption": "mandatory",
  "xray-encryption-cmk": "mandatory",
  "dms-s3-endpoint-encryption-cmk": "mandatory",
  "kendra-index-encryption-cmk": "mandatory",
  "bedrock-agent-encryption-cmk": "mandatory",
  "comprehend-encryption-cmk": "mandatory",
  "connect-storage-encryption-cmk": "mandatory",
  "kms-key-provenance": "advisory",
};

test("the at-rest policy names and enforcement levels are pinned", () => {
  expect(Object.fromEntries(atRestPolicies.map((p) => [p.name, p.enforcementLevel]))).toEqual(PINNED);
  expect(atRestPolicies).toHaveLength(Object.keys(PINNED).length);
});

test.each(atRestPolicies.map((p) => [p.name, p]))("%s carries its metadata", (_name, p) => {
  expect(p.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  expect(p.tags).toEqual(
    expect.arrayContaining([expect.stringMatching(/^category:(at-rest|key-management)$/), "hipaa:164.312(a)(2)(iv)"]),
  );
  expect(p.framework).toMatchObject({ name: "HIPAA Security Rule", version: "45 CFR Part 164 Subpart C" });
  expect(p.framework?.specification).toContain("164.312(a)(2)(iv) Encryption and decryption");
  expect(["low", "medium", "high", "critical"]).toContain(p.severity);
  expect(p.description?.length).toBeGreaterThan(20);
  expect(p.remediationSteps?.length).toBeGreaterThan(20);
});
