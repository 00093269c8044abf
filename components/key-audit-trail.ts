import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { EncryptedBucket } from "./encrypted-bucket";
import { assertLabel, ephiTags } from "./tags";
import { logGroupPrefix } from "./tenant-keyring";
import { assertIntegerInRange, assertOneOf, assertPresent } from "./validate";
import { denyInsecureTransport } from "./transport-policy";

/** Retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** KMS calls that change who can use a key, or whether it exists: each one raises an alert. */
export const KEY_LIFECYCLE_EVENTS = [
  "DisableKey",
  "ScheduleKeyDeletion",
  "PutKeyPolicy",
  "ImportKeyMaterial",
  "DeleteImportedKeyMaterial",
  "CreateGrant",
  "RetireGrant",
];

/** Arguments for {@link KeyAuditTrail}. */
export interface KeyAuditTrailArgs {
  /** Tenant (clinic) identifier. @default none (required) */
  tenant: string;
  /** Environment name. @default none (required) */
  environment: string;
  /** ARN of the tenant's logs/audit key: trail, log group, alert topic and the trail bucket. @default none (required) */
  kmsKeyArn: pulumi.Input<string>;
  /** Bucket for the trail bucket's own server access logs. @default none (required) */
  accessLogBucketName: pulumi.Input<string>;
  /** Object Lock (compliance mode) retention of the log files, in years. @default 6 */
  objectLockYears?: number;
  /** Retention of the CloudWatch log group, one of {@link LOG_RETENTION_DAYS}. @default 2192 (six years) */
  logRetentionDays?: (typeof LOG_RETENTION_DAYS)[number];
}

/**
 * Tamper-evident audit trail of key events: a multi-region CloudTrail trail with log file validation, encrypted with
 * the logs key, delivering to an Object Lock (compliance) bucket and to an encrypted CloudWatch log group, and an
 * EventBridge rule that sends KMS key-lifecycle calls to an encrypted SNS topic.
 */
export class KeyAuditTrail extends pulumi.ComponentResource {
  public readonly trail: aws.cloudtrail.Trail;
  public readonly logGroup: aws.cloudwatch.LogGroup;
  public readonly alertTopic: aws.sns.Topic;
  public readonly bucket: EncryptedBucket;

  constructor(name: string, args: KeyAuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
    assertLabel("tenant", args.tenant);
    assertLabel("environment", args.environment);
    assertPresent("kmsKeyArn", args.kmsKeyArn, "the tenant's logs KMS key ARN");
    const years = args.objectLockYears ?? 6;
    assertIntegerInRange("objectLockYears", years, 1, 100);
    const retention = args.logRetentionDays ?? 2192;
    assertOneOf("logRetentionDays", String(retention), LOG_RETENTION_DAYS.map(String));

    super("ephi:audit:KeyAuditTrail", name, {}, opts);
    const tags = ephiTags({ tenant: args.tenant, environment: args.environment, purpose: "audit" });
    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const region = aws.getRegionOutput({}, { parent: this }).region;
    // The logs key policy lets CloudTrail use the key only for trails named <tenant>-<environment>-*.
    const trailName = `${args.tenant}-${args.environment}-key-audit`;
    const trailArn = pulumi.interpolate`arn:${partition}:cloudtrail:${region}:${identity.accountId}:trail/${trailName}`;
    const onlyThisTrail = { StringEquals: { "aws:SourceArn": trailArn } };

    this.bucket = new EncryptedBucket(
      `${name}-logs`,
      {
        tenant: args.tenant,
        environment: args.environment,
        purpose: "audit",
        kmsKeyArn: args.kmsKeyArn,
        accessLogBucketName: args.accessLogBucketName,
        objectLock: { mode: "COMPLIANCE", years },
        // AWS constraint: CloudTrail writes digest files (log file validation) with SSE-S3, whatever the trail's key.
        sseS3ServicePrefix: pulumi.interpolate`AWSLogs/${identity.accountId}/CloudTrail-Digest/`,
        additionalPolicyStatements: (bucketArn) => [
          {
            Sid: "CloudTrailAclCheck",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:GetBucketAcl",
            Resource: bucketArn,
            Condition: onlyThisTrail,
          },
          {
            Sid: "CloudTrailWrite",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: pulumi.interpolate`${bucketArn}/AWSLogs/${identity.accountId}/*`,
            Condition: { StringEquals: { "aws:SourceArn": trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
          },
        ],
      },
      { parent: this },
    );

    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-log-group`,
      {
        name: `${logGroupPrefix(args.tenant, args.environment)}cloudtrail`,
        kmsKeyId: args.kmsKeyArn,
        retentionInDays: retention,
        tags,
      },
      { parent: this },
    );

    const deliveryRole = new aws.iam.Role(
      `${name}-delivery-role`,
      {
        description: `CloudTrail to CloudWatch Logs for ${args.tenant}/${args.environment}`,
        assumeRolePolicy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "cloudtrail.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: onlyThisTrail,
            },
          ],
        }),
        tags,
      },
      { parent: this },
    );
    const deliveryPolicy = new aws.iam.RolePolicy(
      `${name}-delivery-policy`,
      {
        role: deliveryRole.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
              Resource: pulumi.interpolate`${this.logGroup.arn}:log-stream:*`,
            },
          ],
        }),
      },
      { parent: this },
    );

    this.trail = new aws.cloudtrail.Trail(
      `${name}-trail`,
      {
        name: trailName,
        s3BucketName: this.bucket.bucketName,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
        kmsKeyId: args.kmsKeyArn,
        cloudWatchLogsGroupArn: pulumi.interpolate`${this.logGroup.arn}:*`,
        cloudWatchLogsRoleArn: deliveryRole.arn,
        tags,
      },
      // CloudTrail checks bucket and role access when the trail is created.
      { parent: this, dependsOn: [this.bucket.policy, deliveryPolicy] },
    );

    this.alertTopic = new aws.sns.Topic(`${name}-alerts`, { kmsMasterKeyId: args.kmsKeyArn, tags }, { parent: this });
    const rule = new aws.cloudwatch.EventRule(
      `${name}-key-events`,
      {
        name: `${args.tenant}-${args.environment}-kms-key-events`,
        description: `KMS key lifecycle calls in ${args.tenant}/${args.environment}`,
        eventPattern: JSON.stringify({
          source: ["aws.kms"],
          "detail-type": ["AWS API Call via CloudTrail"],
          detail: { eventSource: ["kms.amazonaws.com"], eventName: KEY_LIFECYCLE_EVENTS },
        }),
        tags,
      },
      { parent: this },
    );
    new aws.sns.TopicPolicy(
      `${name}-alerts-policy`,
      {
        arn: this.alertTopic.arn,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "EventBridgePublishes",
              Effect: "Allow",
              Principal: { Service: "events.amazonaws.com" },
              Action: "sns:Publish",
              Resource: this.alertTopic.arn,
              Condition: { ArnEquals: { "aws:SourceArn": rule.arn } },
            },
            denyInsecureTransport("sns", this.alertTopic.arn),
          ],
        }),
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      `${name}-key-events-target`,
      { rule: rule.name, arn: this.alertTopic.arn },
      { parent: this },
    );

    this.registerOutputs({
      trailArn: this.trail.arn,
      logGroupName: this.logGroup.name,
      alertTopicArn: this.alertTopic.arn,
    });
  }
}
