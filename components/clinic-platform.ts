import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { AccessLogBucket } from "./access-log-bucket";
import { ClinicNetwork } from "./clinic-network";
import { EncryptedBucket } from "./encrypted-bucket";
import { DatabaseEngine, EncryptedDatabase } from "./encrypted-database";
import { EncryptionBaseline } from "./encryption-baseline";
import { ImmutableBackupVault } from "./immutable-backup-vault";
import { KeyAuditTrail, LOG_RETENTION_DAYS } from "./key-audit-trail";
import { assertLabel, ephiTags } from "./tags";
import { TenantKeyring } from "./tenant-keyring";
import { CERTIFICATE_KEY_ALGORITHMS, ListenerTlsProfile, MutualTlsArgs, TlsLoadBalancer } from "./tls-load-balancer";
import { assertNonEmpty } from "./validate";

/** An existing VPC to deploy into instead of creating {@link ClinicNetwork}. */
export interface ExistingNetwork {
  vpcId: pulumi.Input<string>;
  /** Subnets with a route to an internet gateway, two AZs: the load balancer only. */
  publicSubnetIds: pulumi.Input<string>[];
  /** Subnets without a route to the internet, two AZs: application and database. */
  privateSubnetIds: pulumi.Input<string>[];
}

/** Arguments for {@link ClinicPlatform}; every field except the first four has a secure default. */
export interface ClinicPlatformArgs {
  /** Tenant (clinic) identifier. @default none (required) */
  tenant: string;
  /** Environment name. @default none (required) */
  environment: string;
  /** Region of the primary data (the provider's region). @default none (required) */
  region: string;
  /** Region of the locked backup copy; must differ from `region`. @default none (required) */
  copyRegion: string;
  /** Host name served by the load balancer. @default `<environment>.<tenant>.clinic.example.com` */
  domainName?: string;
  /** Deploy into this VPC instead of creating one. @default a new {@link ClinicNetwork} */
  network?: ExistingNetwork;
  /** AZs for a new network. @default [`<region>a`, `<region>b`] */
  availabilityZones?: [string, string];
  /** Key administrators (manage, never use). @default the deploying identity, see {@link TenantKeyringArgs} */
  keyAdministratorArns?: string[];
  /** Key users (use via the purpose's services only). @default the account root (delegated to IAM) */
  keyUserArns?: string[];
  /** Key rotation period in days (90..2560). @default 365 */
  keyRotationDays?: number;
  /** Database engine. @default "postgres" */
  databaseEngine?: DatabaseEngine;
  /** Database instance class. @default "db.t4g.medium" */
  databaseInstanceClass?: string;
  /** RDS automated backup retention (1..35 days). @default 35 */
  databaseBackupRetentionDays?: number;
  /** Standby in a second AZ (RDS for PostgreSQL). @default true */
  databaseMultiAz?: boolean;
  /** Listener TLS profile. @default "tls12-restricted" */
  tlsProfile?: ListenerTlsProfile;
  /** Certificate key algorithm. @default "EC_prime256v1" */
  certificateKeyAlgorithm?: (typeof CERTIFICATE_KEY_ALGORITHMS)[number];
  /** mTLS for partner APIs. @default none */
  mutualTls?: MutualTlsArgs;
  /** Retention of the audit log group (a CloudWatch Logs value). @default 2192 */
  auditLogRetentionDays?: (typeof LOG_RETENTION_DAYS)[number];
  /** Object Lock years of the audit trail bucket. @default 6 */
  auditObjectLockYears?: number;
  /** Apply the account-level {@link EncryptionBaseline} (one environment per account should). @default true */
  accountBaseline?: boolean;
  /** Instance type of the sample application tier. @default "t3.small" */
  appInstanceType?: string;
  /** AMI of the application tier (an id or `resolve:ssm:<parameter>`). @default latest Amazon Linux 2023 via SSM */
  appImageId?: string;
}

const APP_PORT = 443;
const DB_PORT = 5432;

/**
 * One tenant environment built from the paved-road components: keys, network, access logs, documents bucket,
 * PostgreSQL, a TLS-only load balancer in front of a sample application tier, immutable backups with a copy in a
 * second region, the key audit trail and the account encryption baseline.
 */
export class ClinicPlatform extends pulumi.ComponentResource {
  public readonly keyring: TenantKeyring;
  public readonly documents: EncryptedBucket;
  public readonly database: EncryptedDatabase;
  public readonly loadBalancer: TlsLoadBalancer;
  public readonly backups: ImmutableBackupVault;
  public readonly audit: KeyAuditTrail;

  constructor(name: string, args: ClinicPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    assertLabel("tenant", args.tenant);
    assertLabel("environment", args.environment);
    if (args.copyRegion === args.region) {
      throw new Error(`Invalid copyRegion ${JSON.stringify(args.copyRegion)}: the backup copy needs a second region`);
    }
    if (args.network) {
      assertNonEmpty("network.publicSubnetIds", args.network.publicSubnetIds, "public subnet");
      assertNonEmpty("network.privateSubnetIds", args.network.privateSubnetIds, "private subnet");
    }
    super("ephi:platform:ClinicPlatform", name, {}, opts);
    const { tenant, environment } = args;
    const child = { parent: this };
    const duties = { administratorArns: args.keyAdministratorArns, userArns: args.keyUserArns };
    const tags = ephiTags({ tenant, environment, purpose: "application" });

    this.keyring = new TenantKeyring(
      `${name}-keys`,
      { tenant, environment, region: args.region, rotationPeriodInDays: args.keyRotationDays, ...duties },
      child,
    );
    const network =
      args.network ??
      new ClinicNetwork(
        `${name}-network`,
        { tenant, environment, availabilityZones: args.availabilityZones ?? [`${args.region}a`, `${args.region}b`] },
        child,
      );

    const accessLogs = new AccessLogBucket(`${name}-access-logs`, { tenant, environment, region: args.region }, child);
    this.documents = new EncryptedBucket(
      `${name}-clinical-documents`,
      {
        tenant,
        environment,
        purpose: "clinical-documents",
        kmsKeyArn: this.keyring.keyArn("data"),
        accessLogBucketName: accessLogs.bucketName,
      },
      child,
    );

    this.loadBalancer = new TlsLoadBalancer(
      `${name}-ingress`,
      {
        tenant,
        environment,
        domainName: args.domainName ?? `${environment}.${tenant}.clinic.example.com`,
        certificateKeyAlgorithm: args.certificateKeyAlgorithm,
        tlsProfile: args.tlsProfile,
        vpcId: network.vpcId,
        subnetIds: network.publicSubnetIds,
        targetPort: APP_PORT,
        accessLogBucketName: accessLogs.bucketName,
        accessLogDependsOn: [accessLogs.policy],
        mutualTls: args.mutualTls,
      },
      child,
    );

    const appSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-app-sg`,
      { vpcId: network.vpcId, description: `Application tier of ${tenant}/${environment}: HTTPS from the ALB`, tags },
      child,
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-app-from-alb`,
      {
        securityGroupId: appSecurityGroup.id,
        referencedSecurityGroupId: this.loadBalancer.securityGroup.id,
        ipProtocol: "tcp",
        fromPort: APP_PORT,
        toPort: APP_PORT,
        tags,
      },
      child,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-alb-to-app`,
      {
        securityGroupId: this.loadBalancer.securityGroup.id,
        referencedSecurityGroupId: appSecurityGroup.id,
        ipProtocol: "tcp",
        fromPort: APP_PORT,
        toPort: APP_PORT,
        tags,
      },
      child,
    );

    this.database = new EncryptedDatabase(
      `${name}-database`,
      {
        tenant,
        environment,
        engine: args.databaseEngine,
        instanceClass: args.databaseInstanceClass,
        multiAz: args.databaseMultiAz,
        backupRetentionDays: args.databaseBackupRetentionDays,
        kmsKeyArn: this.keyring.keyArn("database"),
        secretsKmsKeyArn: this.keyring.keyArn("secrets"),
        vpcId: network.vpcId,
        privateSubnetIds: network.privateSubnetIds,
        applicationSecurityGroupIds: [appSecurityGroup.id],
      },
      child,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-app-to-database`,
      {
        securityGroupId: appSecurityGroup.id,
        referencedSecurityGroupId: this.database.securityGroup.id,
        ipProtocol: "tcp",
        fromPort: DB_PORT,
        toPort: DB_PORT,
        tags,
      },
      child,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-app-to-aws-apis`,
      {
        securityGroupId: appSecurityGroup.id,
        cidrIpv4: "0.0.0.0/0",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        tags,
      },
      child,
    );

    const launchTemplate = new aws.ec2.LaunchTemplate(
      `${name}-app-template`,
      {
        imageId: args.appImageId ?? "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
        instanceType: args.appInstanceType ?? "t3.small",
        vpcSecurityGroupIds: [appSecurityGroup.id],
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: {
              encrypted: "true",
              kmsKeyId: this.keyring.keyArn("data"),
              volumeSize: 20,
              volumeType: "gp3",
              deleteOnTermination: "true",
            },
          },
        ],
        tagSpecifications: [
          { resourceType: "instance", tags },
          { resourceType: "volume", tags },
        ],
        tags,
      },
      child,
    );
    new aws.autoscaling.Group(
      `${name}-app`,
      {
        minSize: 2,
        maxSize: 4,
        desiredCapacity: 2,
        vpcZoneIdentifiers: network.privateSubnetIds,
        launchTemplate: { id: launchTemplate.id, version: "$Latest" },
        targetGroupArns: [this.loadBalancer.targetGroup.arn],
        healthCheckType: "ELB",
        tags: Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
      },
      child,
    );

    const copyProvider = new aws.Provider(`${name}-copy-region`, { region: args.copyRegion as aws.Region }, child);
    const copyKeys = new TenantKeyring(
      `${name}-copy-keys`,
      {
        tenant,
        environment,
        purposes: ["backup"],
        region: args.copyRegion,
        rotationPeriodInDays: args.keyRotationDays,
        ...duties,
      },
      { parent: this, provider: copyProvider },
    );
    this.backups = new ImmutableBackupVault(
      `${name}-backup`,
      {
        tenant,
        environment,
        kmsKeyArn: this.keyring.keyArn("backup"),
        copy: { provider: copyProvider, kmsKeyArn: copyKeys.keyArn("backup") },
      },
      child,
    );

    this.audit = new KeyAuditTrail(
      `${name}-audit`,
      {
        tenant,
        environment,
        kmsKeyArn: this.keyring.keyArn("logs"),
        accessLogBucketName: accessLogs.bucketName,
        logRetentionDays: args.auditLogRetentionDays,
        objectLockYears: args.auditObjectLockYears,
      },
      child,
    );

    if (args.accountBaseline ?? true) {
      new EncryptionBaseline(
        `${name}-baseline`,
        { tenant, environment, ebsKmsKeyArn: this.keyring.keyArn("data") },
        child,
      );
    }

    this.registerOutputs({
      documentsBucket: this.documents.bucketName,
      databaseEndpoint: this.database.endpoint,
      loadBalancerDnsName: this.loadBalancer.dnsName,
      backupVaultArn: this.backups.vault.arn,
    });
  }
}
