import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { assertBucketPrefix } from "./encrypted-bucket";
import { assertLabel, ephiTags, SSE_S3_REASON_TAG } from "./tags";
import { assertIntegerInRange } from "./validate";
import { denyInsecureTransport, denyS3TlsBelow12 } from "./transport-policy";
import { privateBucketBaseline } from "./bucket-baseline";

/**
 * Account ids of Elastic Load Balancing in Regions opened before August 2022, which deliver ALB access logs as
 * that account; newer Regions use the `logdelivery.elasticloadbalancing.amazonaws.com` service principal.
 */
const ELB_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "ca-central-1": "985666609251",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-central-1": "054676820928",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
};

/** Arguments for {@link AccessLogBucket}. */
export interface AccessLogBucketArgs {
  /** Tenant (clinic) identifier. @default none (required) */
  tenant: string;
  /** Environment name. @default none (required) */
  environment: string;
  /**
   * Region of the load balancer whose logs land here (selects the ELB log-delivery principal).
   * @default none (required)
   */
  region: string;
  /**
   * Days before log objects (and noncurrent versions) expire.
   * @default 2190 (six years)
   */
  retentionDays?: number;
}

/**
 * The sink for ALB access logs and S3 server access logs.
 *
 * AWS constraint: both log services deliver only to buckets whose default encryption is SSE-S3 (AES256), so this
 * bucket cannot use the tenant key. Compensating controls: AES-256 at rest under S3-owned keys; the bucket is
 * private (public access block, BucketOwnerEnforced), versioned, TLS 1.2+ only, and only the two log-delivery
 * principals of this account may write; it is tagged `ephi-guard:sse-s3-reason=log-delivery` so the policy pack
 * treats the exception deliberately. Applications must keep ePHI out of URLs, since request lines are logged.
 */
export class AccessLogBucket extends pulumi.ComponentResource {
  public readonly bucket: aws.s3.Bucket;
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  /** Writers must wait for this policy, or their delivery test fails. */
  public readonly policy: aws.s3.BucketPolicy;

  constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    assertLabel("tenant", args.tenant);
    assertLabel("environment", args.environment);
    assertBucketPrefix(args.tenant, args.environment);
    const retentionDays = args.retentionDays ?? 2190;
    assertIntegerInRange("retentionDays", retentionDays, 90, 36500);

    super("ephi:s3:AccessLogBucket", name, {}, opts);
    const tags = {
      ...ephiTags({ tenant: args.tenant, environment: args.environment, purpose: "access-logs" }),
      [SSE_S3_REASON_TAG]: "log-delivery",
    };

    const bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      { bucketPrefix: `${args.tenant}-${args.environment}-`, forceDestroy: false, tags },
      { parent: this },
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-sse`,
      { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      { parent: this },
    );
    const { publicAccessBlock, versioning } = privateBucketBaseline(name, bucket, this);
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-logs",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            expiration: { days: retentionDays },
            noncurrentVersionExpiration: { noncurrentDays: 30 },
          },
        ],
      },
      { parent: this, dependsOn: [versioning] },
    );

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const objects = pulumi.interpolate`${bucket.arn}/*`;
    const elbAccount = ELB_LOG_ACCOUNTS[args.region];
    const elbPrincipals: Record<string, unknown>[] = [
      { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
      ...(elbAccount ? [{ AWS: pulumi.interpolate`arn:${partition}:iam::${elbAccount}:root` }] : []),
    ];
    this.policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            denyInsecureTransport("s3", [bucket.arn, objects]),
            denyS3TlsBelow12([bucket.arn, objects]),
            {
              Sid: "S3ServerAccessLogDelivery",
              Effect: "Allow",
              Principal: { Service: "logging.s3.amazonaws.com" },
              Action: "s3:PutObject",
              Resource: pulumi.interpolate`${bucket.arn}/s3/*`,
              Condition: { StringEquals: { "aws:SourceAccount": identity.accountId } },
            },
            ...elbPrincipals.map((principal, i) => ({
              Sid: `AlbAccessLogDelivery${i}`,
              Effect: "Allow",
              Principal: principal,
              Action: "s3:PutObject",
              Resource: pulumi.interpolate`${bucket.arn}/alb/AWSLogs/${identity.accountId}/*`,
            })),
          ],
        }),
      },
      { parent: this, dependsOn: [publicAccessBlock] },
    );

    this.bucket = bucket;
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
