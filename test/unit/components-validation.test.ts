import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as c from "../../components";
import { capture } from "./components-capture";

const base = { tenant: "demo", environment: "dev" };
const provider = {} as pulumi.ProviderResource;
const bucketArgs = { ...base, purpose: "x", kmsKeyArn: "arn:aws:kms:key", accessLogBucketName: "logs" };
const dbArgs = {
  ...base,
  kmsKeyArn: "arn:db",
  secretsKmsKeyArn: "arn:secrets",
  vpcId: "vpc-1",
  privateSubnetIds: ["subnet-1", "subnet-2"],
  applicationSecurityGroupIds: ["sg-1"],
};
const lbArgs = {
  ...base,
  domainName: "app.demo.example.com",
  vpcId: "vpc-1",
  subnetIds: ["subnet-1"],
  accessLogBucketName: "logs",
};
const vaultArgs = { ...base, kmsKeyArn: "arn:backup", copy: { provider, kmsKeyArn: "arn:copy" } };
const trailArgs = { ...base, kmsKeyArn: "arn:logs", accessLogBucketName: "logs" };

type Case = [string, () => unknown, RegExp];
const cases: Case[] = [
  ["keyring tenant", () => new c.TenantKeyring("bad", { ...base, tenant: "Demo_Clinic" }), /tenant "Demo_Clinic"/],
  ["keyring tenant digit", () => new c.TenantKeyring("bad", { ...base, tenant: "1clinic" }), /tenant "1clinic"/],
  ["keyring tenant length", () => new c.TenantKeyring("bad", { ...base, tenant: "a".repeat(33) }), /tenant/],
  ["keyring environment", () => new c.TenantKeyring("bad", { ...base, environment: "" }), /environment ""/],
  [
    "keyring rotation low",
    () => new c.TenantKeyring("bad", { ...base, rotationPeriodInDays: 30 }),
    /rotationPeriodInDays 30/,
  ],
  [
    "keyring rotation high",
    () => new c.TenantKeyring("bad", { ...base, rotationPeriodInDays: 2561 }),
    /rotationPeriodInDays 2561/,
  ],
  [
    "keyring rotation fraction",
    () => new c.TenantKeyring("bad", { ...base, rotationPeriodInDays: 90.5 }),
    /rotationPeriodInDays/,
  ],
  [
    "keyring deletion window",
    () => new c.TenantKeyring("bad", { ...base, deletionWindowInDays: 6 }),
    /deletionWindowInDays 6/,
  ],
  ["keyring purposes empty", () => new c.TenantKeyring("bad", { ...base, purposes: [] }), /purposes/],
  [
    "keyring purpose unknown",
    () => new c.TenantKeyring("bad", { ...base, purposes: ["cache" as c.KeyPurpose] }),
    /purposes "cache"/,
  ],
  [
    "keyring duties overlap",
    () =>
      new c.TenantKeyring("bad", {
        ...base,
        administratorArns: ["arn:aws:iam::1:role/a"],
        userArns: ["arn:aws:iam::1:role/a"],
      }),
    /userArns: arn:aws:iam::1:role\/a is also a key administrator/,
  ],
  [
    "bucket purpose",
    () => new c.EncryptedBucket("bad", { ...bucketArgs, purpose: "Clinical Documents" }),
    /purpose "Clinical Documents"/,
  ],
  ["bucket key", () => new c.EncryptedBucket("bad", { ...bucketArgs, kmsKeyArn: "" }), /kmsKeyArn/],
  [
    "bucket log bucket",
    () => new c.EncryptedBucket("bad", { ...bucketArgs, accessLogBucketName: "" }),
    /accessLogBucketName/,
  ],
  [
    "bucket prefix length",
    () => new c.EncryptedBucket("bad", { ...bucketArgs, tenant: "a".repeat(30), environment: "production" }),
    /bucket name prefix is 42 characters/,
  ],
  [
    "bucket expiration before transition",
    () => new c.EncryptedBucket("bad", { ...bucketArgs, noncurrentVersionExpirationDays: 100 }),
    /noncurrentVersionExpirationDays 100/,
  ],
  [
    "bucket lock mode",
    () => new c.EncryptedBucket("bad", { ...bucketArgs, objectLock: { mode: "OFF" as "COMPLIANCE" } }),
    /objectLock.mode "OFF"/,
  ],
  [
    "bucket lock years",
    () => new c.EncryptedBucket("bad", { ...bucketArgs, objectLock: { years: 0 } }),
    /objectLock.years 0/,
  ],
  [
    "log bucket retention",
    () => new c.AccessLogBucket("bad", { ...base, region: "us-east-1", retentionDays: 7 }),
    /retentionDays 7/,
  ],
  [
    "db engine",
    () => new c.EncryptedDatabase("bad", { ...dbArgs, engine: "mysql" as c.DatabaseEngine }),
    /engine "mysql"/,
  ],
  ["db version", () => new c.EncryptedDatabase("bad", { ...dbArgs, engineVersion: "11.22" }), /engineVersion "11.22"/],
  [
    "db retention",
    () => new c.EncryptedDatabase("bad", { ...dbArgs, backupRetentionDays: 36 }),
    /backupRetentionDays 36/,
  ],
  [
    "db retention zero",
    () => new c.EncryptedDatabase("bad", { ...dbArgs, backupRetentionDays: 0 }),
    /backupRetentionDays 0/,
  ],
  [
    "db CA",
    () => new c.EncryptedDatabase("bad", { ...dbArgs, caCertIdentifier: "rds-ca-2019" as c.RdsCertificateAuthority }),
    /caCertIdentifier "rds-ca-2019"/,
  ],
  ["db key", () => new c.EncryptedDatabase("bad", { ...dbArgs, kmsKeyArn: "" }), /kmsKeyArn/],
  ["db secrets key", () => new c.EncryptedDatabase("bad", { ...dbArgs, secretsKmsKeyArn: "" }), /secretsKmsKeyArn/],
  ["db subnets", () => new c.EncryptedDatabase("bad", { ...dbArgs, privateSubnetIds: [] }), /privateSubnetIds/],
  [
    "db app tier",
    () => new c.EncryptedDatabase("bad", { ...dbArgs, applicationSecurityGroupIds: [] }),
    /applicationSecurityGroupIds/,
  ],
  ["lb domain", () => new c.TlsLoadBalancer("bad", { ...lbArgs, domainName: "Not A Host" }), /domainName "Not A Host"/],
  [
    "lb key algorithm",
    () => new c.TlsLoadBalancer("bad", { ...lbArgs, certificateKeyAlgorithm: "RSA_1024" as "RSA_2048" }),
    /certificateKeyAlgorithm "RSA_1024"/,
  ],
  [
    "lb TLS profile",
    () => new c.TlsLoadBalancer("bad", { ...lbArgs, tlsProfile: "ELBSecurityPolicy-2016-08" as c.ListenerTlsProfile }),
    /tlsProfile "ELBSecurityPolicy-2016-08"/,
  ],
  ["lb HSTS", () => new c.TlsLoadBalancer("bad", { ...lbArgs, hstsMaxAgeSeconds: 300 }), /hstsMaxAgeSeconds 300/],
  ["lb log bucket", () => new c.TlsLoadBalancer("bad", { ...lbArgs, accessLogBucketName: "" }), /accessLogBucketName/],
  [
    "lb mTLS bundle",
    () => new c.TlsLoadBalancer("bad", { ...lbArgs, mutualTls: { caBundleBucket: "b", caBundleKey: "" } }),
    /mutualTls.caBundleKey/,
  ],
  ["vault key", () => new c.ImmutableBackupVault("bad", { ...vaultArgs, kmsKeyArn: "" }), /kmsKeyArn/],
  [
    "vault copy key",
    () => new c.ImmutableBackupVault("bad", { ...vaultArgs, copy: { provider, kmsKeyArn: "" } }),
    /copy.kmsKeyArn/,
  ],
  [
    "vault grace period",
    () => new c.ImmutableBackupVault("bad", { ...vaultArgs, lock: { changeableForDays: 1 } }),
    /lock.changeableForDays 1/,
  ],
  [
    "vault max below min",
    () => new c.ImmutableBackupVault("bad", { ...vaultArgs, lock: { minRetentionDays: 30, maxRetentionDays: 10 } }),
    /lock.maxRetentionDays 10/,
  ],
  [
    "vault daily below lock minimum",
    () => new c.ImmutableBackupVault("bad", { ...vaultArgs, dailyRetentionDays: 3 }),
    /dailyRetentionDays 3/,
  ],
  [
    "vault monthly too short for cold storage",
    () => new c.ImmutableBackupVault("bad", { ...vaultArgs, monthlyRetentionDays: 100 }),
    /monthlyRetentionDays 100/,
  ],
  [
    "vault restore tests yearly",
    () => new c.ImmutableBackupVault("bad", { ...vaultArgs, restoreTestSchedule: "cron(0 6 1 1 ? *)" }),
    /restoreTestSchedule .*at least quarterly/,
  ],
  [
    "vault restore tests half-yearly",
    () => new c.ImmutableBackupVault("bad", { ...vaultArgs, restoreTestSchedule: "cron(0 6 1 */6 ? *)" }),
    /at least quarterly/,
  ],
  [
    "vault restore schedule syntax",
    () => new c.ImmutableBackupVault("bad", { ...vaultArgs, restoreTestSchedule: "rate(1 day)" }),
    /cron/,
  ],
  ["trail lock years", () => new c.KeyAuditTrail("bad", { ...trailArgs, objectLockYears: 0 }), /objectLockYears 0/],
  [
    "trail retention",
    () => new c.KeyAuditTrail("bad", { ...trailArgs, logRetentionDays: 2190 as 2192 }),
    /logRetentionDays "2190"/,
  ],
  ["baseline key", () => new c.EncryptionBaseline("bad", { ...base, ebsKmsKeyArn: "" }), /ebsKmsKeyArn/],
  [
    "network zones",
    () => new c.ClinicNetwork("bad", { ...base, availabilityZones: ["us-east-1a", "us-east-1a"] }),
    /availabilityZones/,
  ],
  [
    "network cidr",
    () =>
      new c.ClinicNetwork("bad", {
        ...base,
        availabilityZones: ["us-east-1a", "us-east-1b"],
        cidrBlock: "192.168.0.0/16",
      }),
    /cidrBlock "192.168.0.0\/16"/,
  ],
  [
    "platform copy region",
    () => new c.ClinicPlatform("bad", { ...base, region: "us-east-1", copyRegion: "us-east-1" }),
    /copyRegion "us-east-1"/,
  ],
];

describe("component arguments", () => {
  test.each(cases)("%s is rejected naming the argument", (_label, build, message) => {
    expect(build).toThrow(message);
  });

  test("a rejected component registers nothing", async () => {
    const registered = await capture(() => {
      for (const [, build] of cases) expect(build).toThrow();
    });
    expect(registered).toEqual([]);
  });

  test("quarterly and more frequent restore-test schedules are accepted", async () => {
    const registered = await capture(() => {
      const copy = { provider: new aws.Provider("copy", { region: "us-west-2" }), kmsKeyArn: "arn:copy" };
      for (const schedule of [
        "cron(0 6 1 1,4,7,10 ? *)",
        "cron(0 6 1 */3 ? *)",
        "cron(0 6 1 * ? *)",
        "cron(0 6 ? 2-12/2 MON *)",
      ]) {
        new c.ImmutableBackupVault(`ok-${schedule.length}-${schedule.charCodeAt(12)}`, {
          ...vaultArgs,
          copy,
          restoreTestSchedule: schedule,
        });
      }
    });
    expect(registered.filter((r) => r.type === "ephi:backup:ImmutableBackupVault")).toHaveLength(4);
  });
});

describe("stack config", () => {
  const good: Record<string, string> = { "aws:region": "us-east-1", tenant: "demo", environment: "dev" };
  const load = (overrides: Record<string, string | undefined>) =>
    c.loadClinicConfig((k) => (k in overrides ? overrides[k] : good[k]));

  test("defaults: copy region from the region table, everything else left to the components", () => {
    expect(load({})).toEqual({
      tenant: "demo",
      environment: "dev",
      region: "us-east-1",
      copyRegion: "us-west-2",
      domainName: undefined,
      keyAdministratorArns: undefined,
      keyUserArns: undefined,
      keyRotationDays: undefined,
      databaseEngine: undefined,
      databaseInstanceClass: undefined,
      databaseBackupRetentionDays: undefined,
      databaseMultiAz: undefined,
      tlsProfile: undefined,
      certificateKeyAlgorithm: undefined,
      auditLogRetentionDays: undefined,
      auditObjectLockYears: undefined,
      accountBaseline: undefined,
      network: undefined,
    });
  });

  test("parses key principals", () => {
    const admins = ["arn:aws:iam::111122223333:role/key-admin"];
    const users = ["arn:aws:iam::111122223333:role/clinic-app", "arn:aws:iam::111122223333:root"];
    expect(load({ keyAdministratorArns: JSON.stringify(admins), keyUserArns: JSON.stringify(users) })).toMatchObject({
      keyAdministratorArns: admins,
      keyUserArns: users,
    });
  });

  test("parses numbers, booleans and an existing network", () => {
    const network = {
      vpcId: "vpc-1",
      publicSubnetIds: ["subnet-1", "subnet-2"],
      privateSubnetIds: ["subnet-3", "subnet-4"],
    };
    expect(
      load({
        keyRotationDays: "180",
        databaseMultiAz: "false",
        auditLogRetentionDays: "3653",
        network: JSON.stringify(network),
      }),
    ).toMatchObject({ keyRotationDays: 180, databaseMultiAz: false, auditLogRetentionDays: 3653, network });
  });

  test.each([
    [{ "aws:region": "us-north-9" }, /aws:region "us-north-9"/],
    [{ "aws:region": undefined }, /aws:region null/],
    [{ tenant: undefined }, /ephi-clinic:tenant null: is required/],
    [{ tenant: "Demo" }, /ephi-clinic:tenant "Demo"/],
    [{ tenant: "a".repeat(30), environment: "production" }, /ephi-clinic:tenant .*bucket name prefix/],
    [{ environment: "dev_1" }, /ephi-clinic:environment "dev_1"/],
    [{ copyRegion: "us-east-1" }, /ephi-clinic:copyRegion "us-east-1"/],
    [{ keyRotationDays: "30" }, /ephi-clinic:keyRotationDays "30": must be an integer between 90 and 2560/],
    [{ databaseBackupRetentionDays: "36" }, /ephi-clinic:databaseBackupRetentionDays "36"/],
    [{ databaseBackupRetentionDays: "7.5" }, /ephi-clinic:databaseBackupRetentionDays "7.5"/],
    [{ auditLogRetentionDays: "2190" }, /ephi-clinic:auditLogRetentionDays "2190": must be one of/],
    [{ tlsProfile: "ELBSecurityPolicy-2016-08" }, /ephi-clinic:tlsProfile/],
    [{ certificateKeyAlgorithm: "RSA_1024" }, /ephi-clinic:certificateKeyAlgorithm/],
    [{ databaseEngine: "mysql" }, /ephi-clinic:databaseEngine "mysql"/],
    [{ databaseMultiAz: "yes" }, /ephi-clinic:databaseMultiAz "yes": must be true or false/],
    [{ network: "{" }, /ephi-clinic:network/],
    [{ keyAdministratorArns: '["arn:aws:iam::1:role/x"]' }, /ephi-clinic:keyAdministratorArns/],
    [{ keyUserArns: "[]" }, /ephi-clinic:keyUserArns/],
    [
      { network: JSON.stringify({ vpcId: "vpc-1", publicSubnetIds: ["subnet-1"], privateSubnetIds: [] }) },
      /ephi-clinic:network/,
    ],
  ])("rejects %p", (overrides, message) => {
    expect(() => load(overrides)).toThrow(message);
  });
});
