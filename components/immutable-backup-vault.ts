import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { assertLabel, ephiTags } from "./tags";
import { assertIntegerInRange, assertPresent } from "./validate";
import { denyInsecureTransport } from "./transport-policy";

/** Vault Lock bounds and grace period (compliance mode: after the grace period nobody can change or remove it). */
export interface VaultLockArgs {
  /** Shortest retention a recovery point may have, in days. @default 7 */
  minRetentionDays?: number;
  /** Longest retention a recovery point may have, in days. @default 2555 (seven years) */
  maxRetentionDays?: number;
  /** Days (3 or more) before the lock becomes immutable; AWS requires at least 3. @default 3 */
  changeableForDays?: number;
}

/** The locked copy in a second region. */
export interface BackupCopyArgs {
  /** Provider for the copy region. @default none (required) */
  provider: pulumi.ProviderResource;
  /** ARN of the tenant's backup key in the copy region (a key of that region). @default none (required) */
  kmsKeyArn: pulumi.Input<string>;
}

/** Arguments for {@link ImmutableBackupVault}. */
export interface ImmutableBackupVaultArgs {
  /** Tenant (clinic) identifier. @default none (required) */
  tenant: string;
  /** Environment name. @default none (required) */
  environment: string;
  /** ARN of the tenant's backup key (never the data key) for the vault and the notification topic. @default none (required) */
  kmsKeyArn: pulumi.Input<string>;
  /** Vault Lock settings, applied to both vaults. @default see {@link VaultLockArgs} */
  lock?: VaultLockArgs;
  /** Days daily recovery points are kept. @default 35 */
  dailyRetentionDays?: number;
  /** Days weekly recovery points are kept. @default 90 */
  weeklyRetentionDays?: number;
  /** Days monthly recovery points are kept; they go to cold storage after 30 days. @default 2190 (six years) */
  monthlyRetentionDays?: number;
  /** Second-region copy; without it the 3-2-1 rule is not met. @default none (required) */
  copy: BackupCopyArgs;
  /**
   * Restore-test schedule (AWS Backup cron); must run at least quarterly.
   * @default "cron(0 6 1 1,4,7,10 ? *)" (first day of each quarter)
   */
  restoreTestSchedule?: string;
}

/** Events that need a human: failures, expirations and any change to a recovery point. */
const NOTIFIED_EVENTS = [
  "BACKUP_JOB_FAILED",
  "BACKUP_JOB_EXPIRED",
  "COPY_JOB_FAILED",
  "RESTORE_JOB_FAILED",
  "RESTORE_JOB_COMPLETED",
  "RECOVERY_POINT_MODIFIED",
];
/** Destructive vault actions nobody may take, whatever their IAM permissions. */
const DENIED_VAULT_ACTIONS = [
  "backup:DeleteRecoveryPoint",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:DeleteBackupVault",
];
/** AWS-managed policies that let AWS Backup back up and restore the selected services, S3 included. */
const BACKUP_ROLE_POLICIES = [
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
];
const QUARTERLY = "cron(0 6 1 1,4,7,10 ? *)";

/**
 * AWS Backup with an immutable copy: a vault under the backup key with Vault Lock (compliance mode) and a policy
 * denying deletion, daily/weekly/monthly rules selecting the tenant's resources by tag, a locked copy vault in a
 * second region under that region's key, quarterly restore tests and notifications to an encrypted SNS topic.
 */
export class ImmutableBackupVault extends pulumi.ComponentResource {
  public readonly vault: aws.backup.Vault;
  public readonly copyVault: aws.backup.Vault;
  public readonly plan: aws.backup.Plan;
  public readonly notificationTopic: aws.sns.Topic;

  constructor(name: string, args: ImmutableBackupVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    assertLabel("tenant", args.tenant);
    assertLabel("environment", args.environment);
    assertPresent("kmsKeyArn", args.kmsKeyArn, "the tenant's backup KMS key ARN");
    assertPresent("copy", args.copy, "a second-region copy (provider and key)");
    assertPresent("copy.provider", args.copy.provider, "a provider for the copy region");
    assertPresent("copy.kmsKeyArn", args.copy.kmsKeyArn, "the copy region's backup key ARN");
    const minRetention = args.lock?.minRetentionDays ?? 7;
    const maxRetention = args.lock?.maxRetentionDays ?? 2555;
    const changeableForDays = args.lock?.changeableForDays ?? 3;
    assertIntegerInRange("lock.minRetentionDays", minRetention, 1, 36500);
    assertIntegerInRange("lock.maxRetentionDays", maxRetention, minRetention, 36500);
    assertIntegerInRange("lock.changeableForDays", changeableForDays, 3, 36500);
    const retention = {
      daily: args.dailyRetentionDays ?? 35,
      weekly: args.weeklyRetentionDays ?? 90,
      monthly: args.monthlyRetentionDays ?? 2190,
    };
    // Vault Lock refuses recovery points outside its bounds, so a rule outside them would fail every job.
    for (const [rule, days] of Object.entries(retention)) {
      assertIntegerInRange(`${rule}RetentionDays`, days, minRetention, maxRetention);
    }
    // Cold storage needs 90 days there after the 30-day transition.
    assertIntegerInRange("monthlyRetentionDays", retention.monthly, Math.max(minRetention, 120), maxRetention);
    const schedule = args.restoreTestSchedule ?? QUARTERLY;
    assertAtLeastQuarterly(schedule);

    super("ephi:backup:ImmutableBackupVault", name, {}, opts);
    const tags = ephiTags({ tenant: args.tenant, environment: args.environment, purpose: "backup" });
    const identity = aws.getCallerIdentityOutput({}, { parent: this });

    const prefix = `${args.tenant}-${args.environment}`;
    const lockedVault = (role: string, kmsKeyArn: pulumi.Input<string>, provider?: pulumi.ProviderResource) => {
      const o = { parent: this, provider };
      const vault = new aws.backup.Vault(
        `${name}-${role}`,
        { name: `${prefix}-${role}`, kmsKeyArn, forceDestroy: false, tags },
        o,
      );
      new aws.backup.VaultLockConfiguration(
        `${name}-${role}-lock`,
        {
          backupVaultName: vault.name,
          minRetentionDays: minRetention,
          maxRetentionDays: maxRetention,
          changeableForDays,
        },
        o,
      );
      new aws.backup.VaultPolicy(
        `${name}-${role}-policy`,
        {
          backupVaultName: vault.name,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "DenyRecoveryPointDeletion",
                Effect: "Deny",
                Principal: "*",
                Action: DENIED_VAULT_ACTIONS,
                Resource: "*",
              },
            ],
          }),
        },
        o,
      );
      return vault;
    };
    this.vault = lockedVault("vault", args.kmsKeyArn);
    this.copyVault = lockedVault("copy-vault", args.copy.kmsKeyArn, args.copy.provider);

    const rule = (ruleName: string, cron: string, lifecycle: { deleteAfter: number; coldStorageAfter?: number }) => ({
      ruleName,
      targetVaultName: this.vault.name,
      schedule: cron,
      startWindow: 60,
      completionWindow: 480,
      lifecycle,
      copyActions: [{ destinationVaultArn: this.copyVault.arn, lifecycle }],
      recoveryPointTags: tags,
    });
    this.plan = new aws.backup.Plan(
      `${name}-plan`,
      {
        rules: [
          rule("daily", "cron(0 5 * * ? *)", { deleteAfter: retention.daily }),
          rule("weekly", "cron(0 5 ? * SUN *)", { deleteAfter: retention.weekly }),
          rule("monthly", "cron(0 5 1 * ? *)", { deleteAfter: retention.monthly, coldStorageAfter: 30 }),
        ],
        tags,
      },
      { parent: this },
    );

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: `${prefix}-backup`,
        description: `AWS Backup for ${args.tenant}/${args.environment}`,
        assumeRolePolicy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "backup.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "aws:SourceAccount": identity.accountId } },
            },
          ],
        }),
        tags,
      },
      { parent: this },
    );
    BACKUP_ROLE_POLICIES.forEach(
      (policy, i) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-role-policy-${i}`,
          { role: role.name, policyArn: policy },
          { parent: this },
        ),
    );

    // Everything of this tenant and environment, whatever its type (conditions are ANDed).
    const tenantConditions = [
      { key: "aws:ResourceTag/tenant", value: args.tenant },
      { key: "aws:ResourceTag/environment", value: args.environment },
    ];
    new aws.backup.Selection(
      `${name}-selection`,
      {
        planId: this.plan.id,
        iamRoleArn: role.arn,
        resources: ["*"],
        conditions: [{ stringEquals: tenantConditions }],
      },
      { parent: this },
    );

    const restorePlan = new aws.backup.RestoreTestingPlan(
      `${name}-restore-test`,
      {
        // restore testing plan names allow letters, digits and underscores only
        name: `${prefix}-restore-test`.replace(/-/g, "_"),
        scheduleExpression: schedule,
        startWindowHours: 24,
        recoveryPointSelection: {
          algorithm: "LATEST_WITHIN_WINDOW",
          includeVaults: [this.vault.arn],
          recoveryPointTypes: ["SNAPSHOT"],
          selectionWindowDays: 35,
        },
        tags,
      },
      { parent: this },
    );
    new aws.backup.RestoreTestingSelection(
      `${name}-restore-test-rds`,
      {
        restoreTestingPlanName: restorePlan.name,
        protectedResourceType: "RDS",
        iamRoleArn: role.arn,
        protectedResourceArns: ["*"],
        protectedResourceConditions: { stringEquals: tenantConditions },
        validationWindowHours: 4,
      },
      { parent: this },
    );

    this.notificationTopic = new aws.sns.Topic(
      `${name}-notifications`,
      { kmsMasterKeyId: args.kmsKeyArn, tags },
      { parent: this },
    );
    new aws.sns.TopicPolicy(
      `${name}-notifications-policy`,
      {
        arn: this.notificationTopic.arn,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "AwsBackupPublishes",
              Effect: "Allow",
              Principal: { Service: "backup.amazonaws.com" },
              Action: "sns:Publish",
              Resource: this.notificationTopic.arn,
              Condition: { StringEquals: { "aws:SourceAccount": identity.accountId } },
            },
            denyInsecureTransport("sns", this.notificationTopic.arn),
          ],
        }),
      },
      { parent: this },
    );
    new aws.backup.VaultNotifications(
      `${name}-vault-notifications`,
      { backupVaultName: this.vault.name, snsTopicArn: this.notificationTopic.arn, backupVaultEvents: NOTIFIED_EVENTS },
      { parent: this },
    );

    this.registerOutputs({ vaultArn: this.vault.arn, copyVaultArn: this.copyVault.arn, planId: this.plan.id });
  }
}

/** Accepts AWS Backup cron expressions whose month field fires at least once every three months. */
function assertAtLeastQuarterly(schedule: string): void {
  const fields = /^cron\((.+)\)$/.exec(schedule)?.[1].trim().split(/\s+/);
  if (!fields || fields.length !== 6) {
    throw new Error(
      `Invalid restoreTestSchedule ${JSON.stringify(schedule)}: must be a 6-field AWS cron(...) expression`,
    );
  }
  const month = fields[3];
  const months = month === "*" ? range(1, 12) : month.split(",").flatMap(monthsOf);
  const sorted = [...new Set(months)].sort((a, b) => a - b);
  const gaps = sorted.map((m, i) => (sorted[(i + 1) % sorted.length] - m + 12) % 12 || 12);
  if (sorted.length === 0 || gaps.some((g) => g > 3)) {
    throw new Error(
      `Invalid restoreTestSchedule ${JSON.stringify(schedule)}: restore tests must run at least quarterly`,
    );
  }
}

function monthsOf(part: string): number[] {
  const step = /^(\*|\d+)(?:-(\d+))?\/(\d+)$/.exec(part);
  if (step) {
    const from = step[1] === "*" ? 1 : Number(step[1]);
    const to = step[2] ? Number(step[2]) : 12;
    return range(from, to).filter((m) => (m - from) % Number(step[3]) === 0);
  }
  const span = /^(\d+)-(\d+)$/.exec(part);
  if (span) return range(Number(span[1]), Number(span[2]));
  return /^\d+$/.test(part) ? [Number(part)] : [];
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
