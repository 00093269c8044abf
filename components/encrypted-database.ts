import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { assertLabel, ephiTags } from "./tags";
import { assertIntegerInRange, assertNonEmpty, assertOneOf, assertPresent } from "./validate";

export type DatabaseEngine = "postgres" | "aurora-postgresql";
/** Current RDS certificate authorities; the 2019 CA (`rds-ca-2019`) expired in 2024. */
export const RDS_CURRENT_CAS = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"] as const;
export type RdsCertificateAuthority = (typeof RDS_CURRENT_CAS)[number];

/** Arguments for {@link EncryptedDatabase}. */
export interface EncryptedDatabaseArgs {
  /** Tenant (clinic) identifier. @default none (required) */
  tenant: string;
  /** Environment name. @default none (required) */
  environment: string;
  /** `postgres` (RDS for PostgreSQL, one instance) or `aurora-postgresql` (a cluster with one writer). @default "postgres" */
  engine?: DatabaseEngine;
  /** Major.minor engine version; its major selects the parameter group family. @default "16.6" */
  engineVersion?: string;
  /** Instance class; must support Performance Insights. @default "db.t4g.medium" */
  instanceClass?: string;
  /** Storage in GiB (RDS for PostgreSQL only). @default 20 */
  allocatedStorage?: number;
  /** Standby in a second AZ (RDS for PostgreSQL only; Aurora storage is multi-AZ already). @default true */
  multiAz?: boolean;
  /** ARN of the tenant's database key: storage and Performance Insights. @default none (required) */
  kmsKeyArn: pulumi.Input<string>;
  /** ARN of the tenant's secrets key: the Secrets Manager secret holding the master password. @default none (required) */
  secretsKmsKeyArn: pulumi.Input<string>;
  /** VPC of the subnets. @default none (required) */
  vpcId: pulumi.Input<string>;
  /** Private subnets (two or more AZs) for the DB subnet group; never public ones. @default none (required) */
  privateSubnetIds: pulumi.Input<string>[];
  /** Security groups of the application tier, the only sources allowed to reach the port. @default none (required) */
  applicationSecurityGroupIds: pulumi.Input<string>[];
  /** Automated backup retention in days, 1..35. @default 35 */
  backupRetentionDays?: number;
  /** Server CA of the instance certificates. @default "rds-ca-rsa2048-g1" */
  caCertIdentifier?: RdsCertificateAuthority;
  /** Master user name; the password is generated and kept in Secrets Manager. @default "clinic_admin" */
  masterUsername?: string;
}

const PORT = 5432;

/**
 * PostgreSQL on RDS or Aurora with storage, Performance Insights and the master secret under the tenant's keys,
 * TLS 1.2+ forced by the parameter group, IAM authentication, 35-day backups, deletion protection, private subnets
 * and a security group open only to the application tier.
 */
export class EncryptedDatabase extends pulumi.ComponentResource {
  public readonly securityGroup: aws.ec2.SecurityGroup;
  /** Endpoint address of the instance or cluster writer. */
  public readonly endpoint: pulumi.Output<string>;
  /** ARN of the instance or cluster (what AWS Backup protects). */
  public readonly arn: pulumi.Output<string>;
  /** ARN of the Secrets Manager secret RDS manages for the master user. */
  public readonly masterUserSecretArn: pulumi.Output<string | undefined>;

  constructor(name: string, args: EncryptedDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    assertLabel("tenant", args.tenant);
    assertLabel("environment", args.environment);
    const engine = args.engine ?? "postgres";
    assertOneOf("engine", engine, ["postgres", "aurora-postgresql"] as const);
    const engineVersion = args.engineVersion ?? "16.6";
    const major = /^(\d+)(\.\d+)?$/.exec(engineVersion)?.[1];
    if (!major || Number(major) < 12) {
      // ssl_min_protocol_version exists from PostgreSQL 12
      throw new Error(
        `Invalid engineVersion ${JSON.stringify(engineVersion)}: must be PostgreSQL 12 or newer, e.g. "16.6"`,
      );
    }
    const backupRetentionDays = args.backupRetentionDays ?? 35;
    assertIntegerInRange("backupRetentionDays", backupRetentionDays, 1, 35);
    const allocatedStorage = args.allocatedStorage ?? 20;
    assertIntegerInRange("allocatedStorage", allocatedStorage, 20, 65536);
    const ca = args.caCertIdentifier ?? "rds-ca-rsa2048-g1";
    assertOneOf("caCertIdentifier", ca, RDS_CURRENT_CAS);
    assertPresent("kmsKeyArn", args.kmsKeyArn, "the tenant's database KMS key ARN");
    assertPresent("secretsKmsKeyArn", args.secretsKmsKeyArn, "the tenant's secrets KMS key ARN");
    assertNonEmpty("privateSubnetIds", args.privateSubnetIds, "private subnet");
    assertNonEmpty("applicationSecurityGroupIds", args.applicationSecurityGroupIds, "application security group");

    super("ephi:rds:EncryptedDatabase", name, {}, opts);
    const tags = ephiTags({ tenant: args.tenant, environment: args.environment, purpose: "database" });
    // Explicit names: the instance refers to its groups by name, and a name is known before the group exists.
    const prefix = `${args.tenant}-${args.environment}`;

    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      {
        name: `${prefix}-database`,
        subnetIds: args.privateSubnetIds,
        description: `Private subnets of ${args.tenant}/${args.environment}`,
        tags,
      },
      { parent: this },
    );
    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: `PostgreSQL of ${args.tenant}/${args.environment}: application tier only`,
        tags,
      },
      { parent: this },
    );
    args.applicationSecurityGroupIds.forEach(
      (source, i) =>
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-from-app-${i}`,
          {
            securityGroupId: this.securityGroup.id,
            referencedSecurityGroupId: source,
            ipProtocol: "tcp",
            fromPort: PORT,
            toPort: PORT,
            description: "PostgreSQL (TLS) from the application tier",
            tags,
          },
          { parent: this },
        ),
    );

    // rds.force_ssl refuses plaintext sessions; ssl_min_protocol_version refuses TLS 1.0/1.1.
    const tlsParameters = [
      { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
      { name: "ssl_min_protocol_version", value: "TLSv1.2", applyMethod: "pending-reboot" },
    ];
    const common = {
      engineVersion,
      kmsKeyId: args.kmsKeyArn,
      storageEncrypted: true,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: args.secretsKmsKeyArn,
      backupRetentionPeriod: backupRetentionDays,
      deletionProtection: true,
      iamDatabaseAuthenticationEnabled: true,
      copyTagsToSnapshot: true,
      skipFinalSnapshot: false,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      port: PORT,
      tags,
    };
    const performanceInsights = {
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: args.kmsKeyArn,
      performanceInsightsRetentionPeriod: 7,
    };

    if (engine === "postgres") {
      const parameters = new aws.rds.ParameterGroup(
        `${name}-params`,
        {
          name: `${prefix}-postgres${major}-tls`,
          family: `postgres${major}`,
          description: "Forces TLS 1.2+",
          parameters: tlsParameters,
          tags,
        },
        { parent: this },
      );
      const instance = new aws.rds.Instance(
        `${name}-instance`,
        {
          ...common,
          ...performanceInsights,
          engine: "postgres",
          instanceClass: args.instanceClass ?? "db.t4g.medium",
          allocatedStorage,
          storageType: "gp3",
          multiAz: args.multiAz ?? true,
          username: args.masterUsername ?? "clinic_admin",
          parameterGroupName: parameters.name,
          caCertIdentifier: ca,
          publiclyAccessible: false,
          finalSnapshotIdentifier: `${name}-final`,
          autoMinorVersionUpgrade: true,
        },
        { parent: this },
      );
      this.endpoint = instance.address;
      this.arn = instance.arn;
      this.masterUserSecretArn = instance.masterUserSecrets.apply((s) => s?.[0]?.secretArn);
    } else {
      const parameters = new aws.rds.ClusterParameterGroup(
        `${name}-params`,
        {
          name: `${prefix}-aurora-postgresql${major}-tls`,
          family: `aurora-postgresql${major}`,
          description: "Forces TLS 1.2+",
          parameters: tlsParameters,
          tags,
        },
        { parent: this },
      );
      const cluster = new aws.rds.Cluster(
        `${name}-cluster`,
        {
          ...common,
          ...performanceInsights,
          engine: "aurora-postgresql",
          masterUsername: args.masterUsername ?? "clinic_admin",
          dbClusterParameterGroupName: parameters.name,
          finalSnapshotIdentifier: `${name}-final`,
        },
        { parent: this },
      );
      new aws.rds.ClusterInstance(
        `${name}-writer`,
        {
          clusterIdentifier: cluster.id,
          engine: "aurora-postgresql",
          engineVersion,
          instanceClass: args.instanceClass ?? "db.t4g.medium",
          caCertIdentifier: ca,
          publiclyAccessible: false,
          dbSubnetGroupName: subnetGroup.name,
          ...performanceInsights,
          tags,
        },
        { parent: this },
      );
      this.endpoint = cluster.endpoint;
      this.arn = cluster.arn;
      this.masterUserSecretArn = cluster.masterUserSecrets.apply((s) => s?.[0]?.secretArn);
    }

    this.registerOutputs({ endpoint: this.endpoint, arn: this.arn });
  }
}
