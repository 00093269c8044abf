import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { assertLabel, ephiTags } from "./tags";

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
   * ARN of the tenant's customer-managed KMS key (e.g. `TenantKeyring.dataKeyArn`) used for default SSE-KMS.
   * @default none (required)
   */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * Delete all objects (and versions) when the bucket is destroyed. Leave off outside throwaway environments.
   * @default false
   */
  forceDestroy?: boolean;
}

/** Private, versioned S3 bucket encrypted by default with a customer-managed KMS key and reachable only over TLS. */
export class EncryptedBucket extends pulumi.ComponentResource {
  public readonly bucket: aws.s3.Bucket;
  /** Physical bucket name. */
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;

  constructor(name: string, args: EncryptedBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    assertLabel("tenant", args.tenant);
    assertLabel("environment", args.environment);
    assertLabel("purpose", args.purpose);
    // Without a key ARN, SSE-KMS silently falls back to the AWS-managed aws/s3 key, which the tenant does not control.
    if (!args.kmsKeyArn) {
      throw new Error("Invalid kmsKeyArn: a customer-managed KMS key ARN is required");
    }

    super("ephi:s3:EncryptedBucket", name, {}, opts);

    const bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      {
        forceDestroy: args.forceDestroy ?? false,
        tags: ephiTags({
          tenant: args.tenant,
          environment: args.environment,
          purpose: args.purpose,
        }),
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
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: "aws:kms",
              kmsMasterKeyId: args.kmsKeyArn,
            },
            // Bucket keys cut KMS request volume (and cost) without weakening the key hierarchy.
            bucketKeyEnabled: true,
          },
        ],
      },
      { parent: this },
    );

    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access-block`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { parent: this },
    );

    new aws.s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      { parent: this },
    );

    new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "DenyInsecureTransport",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
      },
      // S3 rejects concurrent policy and public-access-block writes on one bucket, so serialize them.
      { parent: this, dependsOn: [publicAccessBlock] },
    );

    this.bucket = bucket;
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;

    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
    });
  }
}
