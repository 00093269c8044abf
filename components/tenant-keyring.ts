import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { assertLabel, ephiTags } from "./tags";
import { assertIntegerInRange, assertNonEmpty } from "./validate";

/** What a key protects; each purpose gets its own key and alias `alias/<tenant>/<environment>/<purpose>`. */
export type KeyPurpose = "data" | "database" | "backup" | "logs" | "secrets";
export const KEY_PURPOSES: readonly KeyPurpose[] = ["data", "database", "backup", "logs", "secrets"];

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
   * Which purpose keys to create. A disaster-recovery region usually needs only `["backup"]`.
   * @default all of {@link KEY_PURPOSES}
   */
  purposes?: KeyPurpose[];
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
  /**
   * Principals that manage the keys (policy, rotation, deletion) but get no cryptographic use. KMS's lockout
   * safety check requires the deploying identity among them. Set this when deploying through a role with a path
   * (e.g. IAM Identity Center roles), since the path cannot be recovered from the session ARN.
   * @default [the deploying identity: its IAM user, or the IAM role of its assumed-role session]
   */
  administratorArns?: pulumi.Input<string>[];
  /**
   * Principals that use the keys, and only through the AWS services named for each purpose (`kms:ViaService`),
   * from this account. The account root delegates the choice of users to IAM policies; name roles to narrow it.
   * Must not repeat an administrator.
   * @default [`arn:<partition>:iam::<account>:root`]
   */
  userArns?: pulumi.Input<string>[];
  /**
   * Region the keys live in (it scopes `kms:ViaService` and the CloudWatch Logs principal). Set it when the
   * component runs under a provider for another region, e.g. the backup copy region.
   * @default the provider's region (`aws.getRegion`)
   */
  region?: pulumi.Input<string>;
  /**
   * Id of a CloudHSM custom key store to hold the key material. AWS cannot rotate keys in a custom key store
   * automatically, so rotation is then manual (new key, move the alias); key policies are unchanged.
   * @default none (AWS KMS key store, automatic rotation)
   */
  customKeyStoreId?: pulumi.Input<string>;
}

/** AWS services a purpose's key may be used through, and the encryption context that ties use to the tenant. */
interface ServiceUse {
  /** prefix of `kms:ViaService` (`<service>.<region>.amazonaws.com`) */
  service: string;
  /** `kms:EncryptionContext:<key>` pattern for the tenant, where the service sets a context the tenant can name */
  context?: (s: KeyScope) => { key: string; pattern: pulumi.Output<string> };
}

interface KeyScope {
  tenant: string;
  environment: string;
  partition: pulumi.Output<string>;
  region: pulumi.Output<string>;
  accountId: pulumi.Output<string>;
}

/** Bucket names start with `<tenant>-<environment>-`, and S3 puts the bucket (or object) ARN in the context. */
const S3_TENANT_CONTEXT = (s: KeyScope) => ({
  key: "kms:EncryptionContext:aws:s3:arn",
  pattern: pulumi.interpolate`arn:${s.partition}:s3:::${s.tenant}-${s.environment}-*`,
});

const SERVICE_USE: Readonly<Record<KeyPurpose, readonly ServiceUse[]>> = {
  data: [{ service: "s3", context: S3_TENANT_CONTEXT }, { service: "ec2" }],
  database: [{ service: "rds" }],
  backup: [{ service: "backup" }, { service: "sns" }],
  logs: [{ service: "s3", context: S3_TENANT_CONTEXT }, { service: "sns" }],
  secrets: [{ service: "secretsmanager" }],
};

/** Management without use: no Encrypt/Decrypt/GenerateDataKey/ReEncrypt/Sign. */
export const KEY_ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RevokeGrant",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
];
export const KEY_USE_ACTIONS = [
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:Encrypt",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
];
// RevokeGrant stays with the administrators: it is management, not use.
const GRANT_ACTIONS = ["kms:CreateGrant", "kms:ListGrants"];

interface PurposeKey {
  key: aws.kms.Key;
  alias: aws.kms.Alias;
}

/**
 * Customer-managed KMS keys for one tenant and environment, one per purpose, each with a key policy that separates
 * administration from use and limits use to the AWS services of that purpose.
 */
export class TenantKeyring extends pulumi.ComponentResource {
  /** Created keys by purpose (only those in `purposes`). */
  public readonly keys: Partial<Record<KeyPurpose, aws.kms.Key>> = {};
  /** Created aliases by purpose. */
  public readonly aliases: Partial<Record<KeyPurpose, aws.kms.Alias>> = {};

  private readonly tenant: string;
  private readonly environment: string;

  constructor(name: string, args: TenantKeyringArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering so a bad input leaves nothing half-created.
    assertLabel("tenant", args.tenant);
    assertLabel("environment", args.environment);
    const rotationPeriodInDays = args.rotationPeriodInDays ?? 365;
    const deletionWindowInDays = args.deletionWindowInDays ?? 30;
    assertIntegerInRange("rotationPeriodInDays", rotationPeriodInDays, 90, 2560);
    assertIntegerInRange("deletionWindowInDays", deletionWindowInDays, 7, 30);
    const purposes = args.purposes ?? [...KEY_PURPOSES];
    assertNonEmpty("purposes", purposes, "key purpose");
    for (const p of purposes) {
      if (!KEY_PURPOSES.includes(p)) {
        throw new Error(`Invalid purposes ${JSON.stringify(p)}: must be among ${KEY_PURPOSES.join(", ")}`);
      }
    }
    if (args.administratorArns) assertNonEmpty("administratorArns", args.administratorArns, "principal");
    if (args.userArns) assertNonEmpty("userArns", args.userArns, "principal");
    const overlap = (args.administratorArns ?? []).filter(
      (a) => typeof a === "string" && (args.userArns ?? []).includes(a),
    );
    if (overlap.length > 0) {
      throw new Error(`Invalid userArns: ${overlap.join(", ")} is also a key administrator (separation of duties)`);
    }

    super("ephi:kms:TenantKeyring", name, {}, opts);
    this.tenant = args.tenant;
    this.environment = args.environment;

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const region = args.region ? pulumi.output(args.region) : aws.getRegionOutput({}, { parent: this }).region;
    const scope: KeyScope = {
      tenant: args.tenant,
      environment: args.environment,
      partition,
      region,
      accountId: identity.accountId,
    };
    const root = pulumi.interpolate`arn:${partition}:iam::${identity.accountId}:root`;
    const deployer = identity.arn.apply(iamPrincipalOf);

    for (const purpose of purposes) {
      const policy = keyPolicy(purpose, scope, args.administratorArns ?? [deployer], args.userArns ?? [root]);
      const created = this.createPurposeKey(name, purpose, policy, {
        rotationPeriodInDays,
        deletionWindowInDays,
        customKeyStoreId: args.customKeyStoreId,
      });
      this.keys[purpose] = created.key;
      this.aliases[purpose] = created.alias;
    }

    this.registerOutputs(
      Object.fromEntries(Object.entries(this.keys).map(([purpose, key]) => [`${purpose}KeyArn`, key.arn])),
    );
  }

  /** ARN of the key for `purpose`; throws when the keyring was built without that purpose. */
  public keyArn(purpose: KeyPurpose): pulumi.Output<string> {
    const key = this.keys[purpose];
    if (!key) throw new Error(`TenantKeyring for ${this.tenant}/${this.environment} has no ${purpose} key`);
    return key.arn;
  }

  /** Alias name of the key for `purpose`: `alias/<tenant>/<environment>/<purpose>`. */
  public aliasName(purpose: KeyPurpose): pulumi.Output<string> {
    const alias = this.aliases[purpose];
    if (!alias) throw new Error(`TenantKeyring for ${this.tenant}/${this.environment} has no ${purpose} key`);
    return alias.name;
  }

  private createPurposeKey(
    name: string,
    purpose: KeyPurpose,
    policy: pulumi.Output<string>,
    o: { rotationPeriodInDays: number; deletionWindowInDays: number; customKeyStoreId?: pulumi.Input<string> },
  ): PurposeKey {
    // AWS rejects automatic rotation for keys in a custom key store; rotation is then manual (see the Args docs).
    const rotation = o.customKeyStoreId
      ? { customKeyStoreId: o.customKeyStoreId, enableKeyRotation: false }
      : { enableKeyRotation: true, rotationPeriodInDays: o.rotationPeriodInDays };
    const key = new aws.kms.Key(
      `${name}-${purpose}-key`,
      {
        description: `ePHI ${purpose} key for tenant ${this.tenant} (${this.environment})`,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        ...rotation,
        deletionWindowInDays: o.deletionWindowInDays,
        policy,
        tags: ephiTags({ tenant: this.tenant, environment: this.environment, purpose }),
      },
      { parent: this },
    );
    const alias = new aws.kms.Alias(
      `${name}-${purpose}-alias`,
      { name: `alias/${this.tenant}/${this.environment}/${purpose}`, targetKeyId: key.keyId },
      { parent: this },
    );
    return { key, alias };
  }
}

/** The key policy for one purpose: administrators manage, users use through services, services as documented. */
function keyPolicy(
  purpose: KeyPurpose,
  s: KeyScope,
  administrators: pulumi.Input<string>[],
  users: pulumi.Input<string>[],
): pulumi.Output<string> {
  const viaService = (service: string) => pulumi.interpolate`${service}.${s.region}.amazonaws.com`;
  const statements: unknown[] = [
    {
      Sid: "KeyAdministratorsManageWithoutUse",
      Effect: "Allow",
      Principal: { AWS: administrators },
      Action: KEY_ADMIN_ACTIONS,
      Resource: "*",
    },
  ];
  for (const use of SERVICE_USE[purpose]) {
    const context = use.context?.(s);
    statements.push({
      Sid: `KeyUsersVia${capitalize(use.service)}`,
      Effect: "Allow",
      Principal: { AWS: users },
      Action: KEY_USE_ACTIONS,
      Resource: "*",
      Condition: {
        StringEquals: { "kms:ViaService": viaService(use.service), "kms:CallerAccount": s.accountId },
        ...(context ? { StringLike: { [context.key]: context.pattern } } : {}),
      },
    });
  }
  // RDS, EBS and AWS Backup hold the key through grants they create for their own resources.
  statements.push({
    Sid: "KeyUsersGrantsForAwsResources",
    Effect: "Allow",
    Principal: { AWS: users },
    Action: GRANT_ACTIONS,
    Resource: "*",
    Condition: {
      StringEquals: {
        "kms:ViaService": SERVICE_USE[purpose].map((u) => viaService(u.service)),
        "kms:CallerAccount": s.accountId,
      },
      Bool: { "kms:GrantIsForAWSResource": "true" },
    },
  });
  statements.push(...servicePrincipalStatements(purpose, s));
  return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/** Service principals that encrypt on their own behalf, each with the condition its documentation prescribes. */
function servicePrincipalStatements(purpose: KeyPurpose, s: KeyScope): unknown[] {
  const sourceAccount = { "aws:SourceAccount": s.accountId };
  if (purpose === "logs") {
    return [
      {
        // CloudWatch Logs: the context names the log group; only this tenant's groups (`/ephi/<tenant>/<env>/...`).
        Sid: "CloudWatchLogsEncryptTenantLogGroups",
        Effect: "Allow",
        Principal: { Service: pulumi.interpolate`logs.${s.region}.amazonaws.com` },
        Action: [
          "kms:Encrypt",
          "kms:Decrypt",
          "kms:ReEncryptFrom",
          "kms:ReEncryptTo",
          "kms:GenerateDataKey",
          "kms:DescribeKey",
        ],
        Resource: "*",
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${s.partition}:logs:${s.region}:${s.accountId}:log-group:${logGroupPrefix(s.tenant, s.environment)}*`,
          },
        },
      },
      {
        // CloudTrail: data keys for log files of this tenant's trails only.
        Sid: "CloudTrailEncryptTenantTrails",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: {
          StringEquals: sourceAccount,
          StringLike: {
            "kms:EncryptionContext:aws:cloudtrail:arn": pulumi.interpolate`arn:${s.partition}:cloudtrail:*:${s.accountId}:trail/${s.tenant}-${s.environment}-*`,
          },
        },
      },
      {
        Sid: "CloudTrailDescribeKey",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:DescribeKey",
        Resource: "*",
        Condition: { StringEquals: sourceAccount },
      },
      {
        // EventBridge publishes key-lifecycle alerts to the tenant's encrypted SNS topic.
        Sid: "EventBridgePublishToEncryptedTopic",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: "*",
        Condition: { StringEquals: sourceAccount },
      },
    ];
  }
  if (purpose === "backup") {
    return [
      {
        // AWS Backup publishes vault notifications to an SNS topic encrypted with this key.
        Sid: "AwsBackupPublishToEncryptedTopic",
        Effect: "Allow",
        Principal: { Service: "backup.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: "*",
        Condition: { StringEquals: sourceAccount },
      },
    ];
  }
  return [];
}

/** `arn:aws:sts::<acct>:assumed-role/<role>/<session>` names the role `arn:aws:iam::<acct>:role/<role>`. */
export function iamPrincipalOf(callerArn: string): string {
  const m = /^arn:([a-z-]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : callerArn;
}

/** CloudWatch log groups of a tenant live under this prefix so the logs key policy can scope to them. */
export function logGroupPrefix(tenant: string, environment: string): string {
  return `/ephi/${tenant}/${environment}/`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
