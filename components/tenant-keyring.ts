import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { assertLabel, ephiTags } from "./tags";

/** Arguments for {@link TenantKeyring}. */
export interface TenantKeyringArgs {
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
   * Days between automatic rotations of each key's material. AWS accepts 90..2560.
   * @default 365
   */
  rotationPeriodInDays?: number;
  /**
   * Waiting period, in days, before a scheduled key deletion completes. AWS accepts 7..30.
   * @default 30
   */
  deletionWindowInDays?: number;
}

/** What a key protects; each purpose gets its own key and alias. Widen as database, backup, logs and secrets land. */
type KeyPurpose = "data";

interface PurposeKey {
  key: aws.kms.Key;
  alias: aws.kms.Alias;
}

/** Customer-managed, auto-rotating KMS keys for one tenant and environment. */
export class TenantKeyring extends pulumi.ComponentResource {
  /** Symmetric key for ePHI at rest in application data stores (e.g. S3). */
  public readonly dataKey: aws.kms.Key;
  /** ARN of {@link dataKey}. */
  public readonly dataKeyArn: pulumi.Output<string>;
  /** Alias name of {@link dataKey}: `alias/<tenant>/<environment>/data`. */
  public readonly dataKeyAlias: pulumi.Output<string>;

  private readonly tenant: string;
  private readonly environment: string;
  private readonly rotationPeriodInDays: number;
  private readonly deletionWindowInDays: number;

  constructor(name: string, args: TenantKeyringArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering so a bad input leaves nothing half-created.
    assertLabel("tenant", args.tenant);
    assertLabel("environment", args.environment);
    const rotationPeriodInDays = args.rotationPeriodInDays ?? 365;
    const deletionWindowInDays = args.deletionWindowInDays ?? 30;
    assertIntegerInRange("rotationPeriodInDays", rotationPeriodInDays, 90, 2560);
    assertIntegerInRange("deletionWindowInDays", deletionWindowInDays, 7, 30);

    super("ephi:kms:TenantKeyring", name, {}, opts);
    this.tenant = args.tenant;
    this.environment = args.environment;
    this.rotationPeriodInDays = rotationPeriodInDays;
    this.deletionWindowInDays = deletionWindowInDays;

    const data = this.createPurposeKey(name, "data");
    this.dataKey = data.key;
    this.dataKeyArn = data.key.arn;
    this.dataKeyAlias = data.alias.name;

    this.registerOutputs({
      dataKeyArn: this.dataKeyArn,
      dataKeyAlias: this.dataKeyAlias,
    });
  }

  private createPurposeKey(name: string, purpose: KeyPurpose): PurposeKey {
    const key = new aws.kms.Key(
      `${name}-${purpose}-key`,
      {
        description: `ePHI ${purpose} key for tenant ${this.tenant} (${this.environment})`,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        rotationPeriodInDays: this.rotationPeriodInDays,
        deletionWindowInDays: this.deletionWindowInDays,
        tags: ephiTags({
          tenant: this.tenant,
          environment: this.environment,
          purpose,
        }),
      },
      { parent: this },
    );
    const alias = new aws.kms.Alias(
      `${name}-${purpose}-alias`,
      {
        name: `alias/${this.tenant}/${this.environment}/${purpose}`,
        targetKeyId: key.keyId,
      },
      { parent: this },
    );
    return { key, alias };
  }
}

function assertIntegerInRange(argName: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Invalid ${argName} ${value}: must be an integer between ${min} and ${max}`);
  }
}
