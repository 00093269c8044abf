import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { assertLabel, ephiTags } from "./tags";
import { assertIntegerInRange, assertOneOf, assertPresent } from "./validate";
import { denyInsecureTransport, denyS3TlsBelow12 } from "./transport-policy";
import { privateBucketBaseline } from "./bucket-baseline";

/** S3 caps `bucketPrefix` at 37 characters (63 minus the 26 it appends). */
const MAX_BUCKET_PREFIX = 37;

/** Throws when `<tenant>-<environment>-` is too long to prefix a bucket name. */
export function assertBucketPrefix(tenant: string, environment: string): void {
  const prefix = `${tenant}-${environment}-`;
  if (prefix.length > MAX_BUCKET_PREFIX) {
    throw new Error(
      `Invalid tenant/environment ${JSON.stringify(prefix)}: bucket name prefix is ${prefix.length} characters, ` +
        `S3 allows ${MAX_BUCKET_PREFIX}`,
    );
  }
}

/** Object Lock for immutable archives. COMPLIANCE cannot be shortened or lifted by anyone, root included. */
export interface ObjectLockArgs {
  /**
   * `COMPLIANCE` (nobody can delete a locked version before it expires) or `GOVERNANCE` (holders of
   * `s3:BypassGovernanceRetention` can).
   * @default "COMPLIANCE"
   */
  mode?: "COMPLIANCE" | "GOVERNANCE";
  /**
   * Default retention of each new object version, in years (1..100).
   * @default 6 (HIPAA documentation retention)
   */
  years?: number;
}

/** Arguments for {@link EncryptedBucket}. */
export interface EncryptedBucketArgs {
  /**
   * Tenant (clinic) identifier: 1-32 lower-case letters, digits or hyphens, starting with a letter.
   * @default none (required)
   */
  tenant: string;
  /**
   * Environment name (e.g. "dev", "staging", "prod"), same format as `tenant`.
   * @default none (required)
   */
  environment: string;
  /**
   * What the bucket holds (e.g. "clinical-documents"), same format as `tenant`; recorded in the `purpose` tag.
   * @default none (required)
   */
  purpose: string;
  /**
   * ARN of the tenant's customer-managed KMS key (e.g. `TenantKeyring.keyArn("data")`) used for default SSE-KMS;
   * the bucket policy also refuses uploads that name any other key or another algorithm.
   * @default none (required)
   */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * Name of the bucket that receives this bucket's S3 server access logs (e.g. `AccessLogBucket.bucketName`).
   * @default none (required)
   */
  accessLogBucketName: pulumi.Input<string>;
  /**
   * Key prefix of this bucket's server access logs in the log bucket.
   * @default "s3/<component name>/"
   */
  accessLogPrefix?: string;
  /**
   * Days after which noncurrent object versions move to Glacier Flexible Retrieval.
   * @default 90
   */
  noncurrentVersionTransitionDays?: number;
  /**
   * Days after which noncurrent object versions expire; must exceed the transition by 90 days (Glacier minimum).
   * @default 2190 (six years)
   */
  noncurrentVersionExpirationDays?: number;
  /**
   * Object Lock default retention; enables Object Lock at creation (it cannot be added to an existing bucket).
   * @default none (no Object Lock)
   */
  objectLock?: ObjectLockArgs;
  /**
   * Extra Allow statements for the bucket policy (e.g. CloudTrail's delivery grant), built from the bucket ARN.
   * The component's Deny statements (TLS only, TLS 1.2 or newer, SSE-KMS with the tenant key) always apply on top.
   * @default none
   */
  additionalPolicyStatements?: (bucketArn: pulumi.Output<string>) => pulumi.Input<Record<string, unknown>>[];
  /**
   * Key prefix (e.g. `AWSLogs/<account>/CloudTrail-Digest/`) that an AWS service writes with SSE-S3 by design
   * (CloudTrail digest files). Uploads under it are exempt only from the "SSE-KMS header" deny: they stay
   * encrypted at rest, TLS-only, and are still refused if they name another KMS key.
   * @default none
   */
  sseS3ServicePrefix?: pulumi.Input<string>;
  /**
   * Delete all objects (and versions) when the bucket is destroyed. Leave off outside throwaway environments;
   * ignored with Object Lock.
   * @default false
   */
  forceDestroy?: boolean;
}

/**
 * Private, versioned S3 bucket encrypted by default with a customer-managed KMS key, reachable only over TLS 1.2+,
 * with server access logging, bucket-owner-enforced object ownership, lifecycle rules and optional Object Lock.
 */
export class EncryptedBucket extends pulumi.ComponentResource {
  public readonly bucket: aws.s3.Bucket;
  /** Physical bucket name. */
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  /** The bucket policy; resources that need the policy in place (e.g. a CloudTrail trail) depend on it. */
  public readonly policy: aws.s3.BucketPolicy;

  constructor(name: string, args: EncryptedBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    assertLabel("tenant", args.tenant);
    assertLabel("environment", args.environment);
    assertLabel("purpose", args.purpose);
    // Without a key ARN, SSE-KMS silently falls back to the AWS-managed aws/s3 key, which the tenant does not control.
    assertBucketPrefix(args.tenant, args.environment);
    assertPresent("kmsKeyArn", args.kmsKeyArn, "a customer-managed KMS key ARN");
    assertPresent("accessLogBucketName", args.accessLogBucketName, "a server access log bucket");
    const transitionDays = args.noncurrentVersionTransitionDays ?? 90;
    const expirationDays = args.noncurrentVersionExpirationDays ?? 2190;
    assertIntegerInRange("noncurrentVersionTransitionDays", transitionDays, 30, 36500);
    assertIntegerInRange("noncurrentVersionExpirationDays", expirationDays, transitionDays + 90, 36500);
    const lockMode = args.objectLock?.mode ?? "COMPLIANCE";
    const lockYears = args.objectLock?.years ?? 6;
    if (args.objectLock) {
      assertOneOf("objectLock.mode", lockMode, ["COMPLIANCE", "GOVERNANCE"] as const);
      assertIntegerInRange("objectLock.years", lockYears, 1, 100);
    }

    super("ephi:s3:EncryptedBucket", name, {}, opts);
    const tags = ephiTags({ tenant: args.tenant, environment: args.environment, purpose: args.purpose });

    const bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      {
        // Bucket names start with <tenant>-<environment>- so the data key's encryption-context condition matches.
        bucketPrefix: `${args.tenant}-${args.environment}-`,
        forceDestroy: args.objectLock ? false : (args.forceDestroy ?? false),
        objectLockEnabled: args.objectLock ? true : undefined,
        tags,
      },
      { parent: this },
    );

    // bucket.id (not a literal name) lets the policy pack tie this config to its bucket via propertyDependencies.
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-sse`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
            // Bucket keys cut KMS request volume (and cost) without weakening the key hierarchy.
            bucketKeyEnabled: true,
          },
        ],
      },
      { parent: this },
    );

    const { publicAccessBlock, versioning } = privateBucketBaseline(name, bucket, this);

    new aws.s3.BucketLogging(
      `${name}-access-logging`,
      {
        bucket: bucket.id,
        targetBucket: args.accessLogBucketName,
        targetPrefix: args.accessLogPrefix ?? `s3/${name}/`,
      },
      { parent: this },
    );

    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "noncurrent-versions",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            noncurrentVersionTransitions: [{ noncurrentDays: transitionDays, storageClass: "GLACIER" }],
            noncurrentVersionExpiration: { noncurrentDays: expirationDays },
          },
        ],
      },
      // S3 needs versioning enabled before rules on noncurrent versions make sense.
      { parent: this, dependsOn: [versioning] },
    );

    if (args.objectLock) {
      new aws.s3.BucketObjectLockConfiguration(
        `${name}-object-lock`,
        {
          bucket: bucket.id,
          objectLockEnabled: "Enabled",
          rule: { defaultRetention: { mode: lockMode, years: lockYears } },
        },
        { parent: this, dependsOn: [versioning] },
      );
    }

    const objects = pulumi.interpolate`${bucket.arn}/*`;
    this.policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            denyInsecureTransport("s3", [bucket.arn, objects]),
            denyS3TlsBelow12([bucket.arn, objects]),
            // IfExists: uploads without encryption headers get the default (tenant key) and must not be refused.
            {
              Sid: "DenyUploadsNotSseKms",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:PutObject",
              ...(args.sseS3ServicePrefix
                ? { NotResource: pulumi.interpolate`${bucket.arn}/${args.sseS3ServicePrefix}*` }
                : { Resource: objects }),
              Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } },
            },
            {
              Sid: "DenyUploadsWithOtherKeys",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:PutObject",
              Resource: objects,
              Condition: {
                StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": args.kmsKeyArn },
              },
            },
            ...(args.additionalPolicyStatements?.(bucket.arn) ?? []),
          ],
        }),
      },
      // S3 rejects concurrent policy and public-access-block writes on one bucket, so serialize them.
      { parent: this, dependsOn: [publicAccessBlock] },
    );

    this.bucket = bucket;
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;

    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
