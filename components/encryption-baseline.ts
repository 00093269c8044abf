import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { assertLabel } from "./tags";
import { assertPresent } from "./validate";

/** Arguments for {@link EncryptionBaseline}. */
export interface EncryptionBaselineArgs {
  /** Tenant (clinic) identifier. @default none (required) */
  tenant: string;
  /** Environment name. @default none (required) */
  environment: string;
  /** ARN of the tenant's data key: the account's default key for new EBS volumes. @default none (required) */
  ebsKmsKeyArn: pulumi.Input<string>;
}

/**
 * Account-and-region settings: every new EBS volume encrypted by default with the tenant's key, and S3's account-wide
 * public access block. Both are singletons per account (and region for EBS), so deploy one tenant environment per
 * account, or this component in only one of them.
 */
export class EncryptionBaseline extends pulumi.ComponentResource {
  constructor(name: string, args: EncryptionBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    assertLabel("tenant", args.tenant);
    assertLabel("environment", args.environment);
    assertPresent("ebsKmsKeyArn", args.ebsKmsKeyArn, "the tenant's data KMS key ARN");
    super("ephi:account:EncryptionBaseline", name, {}, opts);

    new aws.ebs.EncryptionByDefault(`${name}-ebs-encryption`, { enabled: true }, { parent: this });
    new aws.ebs.DefaultKmsKey(`${name}-ebs-default-key`, { keyArn: args.ebsKmsKeyArn }, { parent: this });
    new aws.s3.AccountPublicAccessBlock(
      `${name}-s3-public-access-block`,
      { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
