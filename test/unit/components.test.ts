import type * as Components from "../../components";
import { capture, isTaggable, Registration, Registry } from "./components-capture";

let c: typeof Components;
let reg: Registry;

const DEMO = "demo-dev";
const RIVER = "riverside-prod";
const MTLS = { caBundleBucket: "riverside-partner-cas", caBundleKey: "partners.pem" };

beforeAll(async () => {
  const all = await capture(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    c = require("../../components");
    new c.ClinicPlatform(DEMO, { tenant: "demo", environment: "dev", region: "us-east-1", copyRegion: "us-west-2" });
    new c.ClinicPlatform(RIVER, {
      tenant: "riverside",
      environment: "prod",
      region: "us-east-1",
      copyRegion: "us-east-2",
      databaseEngine: "aurora-postgresql",
      tlsProfile: "fips-tls13-only",
      mutualTls: MTLS,
      accountBaseline: false,
      network: {
        vpcId: "vpc-0123",
        publicSubnetIds: ["subnet-pub1", "subnet-pub2"],
        privateSubnetIds: ["subnet-priv1", "subnet-priv2"],
      },
    });
    new c.TenantKeyring("hsm-dev", { tenant: "hsm", environment: "dev", customKeyStoreId: "cks-1234567890abcdef0" });
  });
  reg = new Registry(all);
});

const state = (name: string) => reg.byName(name).state;
const policyOf = (name: string, property = "policy") => JSON.parse(state(name)[property]);
const statement = (name: string, sid: string, property = "policy") => {
  const found = policyOf(name, property).Statement.find((s: { Sid?: string }) => s.Sid === sid);
  if (!found) throw new Error(`${name} has no statement ${sid}`);
  return found;
};
const keyArn = (keyName: string) => reg.byName(keyName).state.arn;
const tagsOf = (r: Registration): Record<string, string> =>
  Array.isArray(r.state.tags)
    ? Object.fromEntries(r.state.tags.map((t: { key: string; value: string }) => [t.key, t.value]))
    : r.state.tags;

describe.each([
  [DEMO, "demo", "dev"],
  [RIVER, "riverside", "prod"],
])("ClinicPlatform %s structure", (platformName, tenant, environment) => {
  const platform = () => reg.byName(platformName);
  const children = () => reg.within(platform());

  test("is one component tree: every resource has a component parent", () => {
    expect(platform().type).toBe("ephi:platform:ClinicPlatform");
    for (const r of children()) {
      const parent = reg.byUrn(r.parent);
      expect([r.name, parent.custom]).toEqual([r.name, false]);
    }
  });

  test("names every child after its parent and a role", () => {
    for (const r of children()) {
      const parent = reg.byUrn(r.parent);
      expect(r.name).toMatch(new RegExp(`^${parent.name}-[a-z0-9]+(-[a-z0-9]+)*$`));
    }
  });

  test("tags every taggable resource with tenant, environment, purpose and data classification", () => {
    const taggable = children().filter((r) => r.custom && r.type.startsWith("aws:") && isTaggable(r.type));
    expect(taggable.length).toBeGreaterThan(40);
    for (const r of taggable) {
      expect([r.name, tagsOf(r)]).toEqual([
        r.name,
        expect.objectContaining({
          tenant,
          environment,
          purpose: expect.stringMatching(/^[a-z][a-z0-9-]*$/),
          "data-classification": "ePHI",
          "managed-by": "ephi-guard",
        }),
      ]);
    }
  });

  test("uses only its own tenant's keys", () => {
    const keys = new Set(
      children()
        .filter((r) => r.type === "aws:kms/key:Key")
        .map((r) => r.urn),
    );
    let uses = 0;
    for (const r of children()) {
      for (const deps of Object.values(r.propertyDependencies)) {
        for (const dep of deps.map((u) => reg.byUrn(u)).filter((d) => d.type === "aws:kms/key:Key")) {
          uses++;
          expect([r.name, keys.has(dep.urn), dep.state.tags.tenant]).toEqual([r.name, true, tenant]);
        }
      }
    }
    expect(uses).toBeGreaterThan(15);
  });
});

describe("each resource uses the key of its purpose", () => {
  test.each([
    ["demo-dev-clinical-documents-sse", "rules", "demo-dev-keys-data-key"],
    ["demo-dev-app-template", "blockDeviceMappings", "demo-dev-keys-data-key"],
    ["demo-dev-baseline-ebs-default-key", "keyArn", "demo-dev-keys-data-key"],
    ["demo-dev-database-instance", "kmsKeyId", "demo-dev-keys-database-key"],
    ["demo-dev-database-instance", "performanceInsightsKmsKeyId", "demo-dev-keys-database-key"],
    ["demo-dev-database-instance", "masterUserSecretKmsKeyId", "demo-dev-keys-secrets-key"],
    ["demo-dev-backup-vault", "kmsKeyArn", "demo-dev-keys-backup-key"],
    ["demo-dev-backup-copy-vault", "kmsKeyArn", "demo-dev-copy-keys-backup-key"],
    ["demo-dev-backup-notifications", "kmsMasterKeyId", "demo-dev-keys-backup-key"],
    ["demo-dev-audit-trail", "kmsKeyId", "demo-dev-keys-logs-key"],
    ["demo-dev-audit-log-group", "kmsKeyId", "demo-dev-keys-logs-key"],
    ["demo-dev-audit-alerts", "kmsMasterKeyId", "demo-dev-keys-logs-key"],
    ["demo-dev-audit-logs-sse", "rules", "demo-dev-keys-logs-key"],
    ["riverside-prod-database-cluster", "kmsKeyId", "riverside-prod-keys-database-key"],
    ["riverside-prod-database-writer", "performanceInsightsKmsKeyId", "riverside-prod-keys-database-key"],
  ])("%s.%s is built from %s", (name, property, key) => {
    expect(reg.dependencies(reg.byName(name), property).map((d) => d.name)).toEqual([key]);
  });
});

describe("TenantKeyring", () => {
  const purposes = ["data", "database", "backup", "logs", "secrets"];

  test.each(purposes)(
    "%s key: symmetric, rotating yearly, 30-day deletion window, aliased by tenant/env/purpose",
    (p) => {
      const key = state(`demo-dev-keys-${p}-key`);
      expect(key).toMatchObject({
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: 30,
      });
      expect(key.bypassPolicyLockoutSafetyCheck).toBeUndefined();
      expect(state(`demo-dev-keys-${p}-alias`).name).toBe(`alias/demo/dev/${p}`);
      expect(reg.dependencies(reg.byName(`demo-dev-keys-${p}-alias`), "targetKeyId").map((d) => d.name)).toEqual([
        `demo-dev-keys-${p}-key`,
      ]);
    },
  );

  test.each(purposes)("%s key policy: administrators manage without use, users use only via services", (p) => {
    const doc = policyOf(`demo-dev-keys-${p}-key`);
    const admin = statement(`demo-dev-keys-${p}-key`, "KeyAdministratorsManageWithoutUse");
    expect(admin.Principal).toEqual({ AWS: ["arn:aws:iam::111122223333:role/deployer"] });
    expect(admin.Action).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/Encrypt|Decrypt|GenerateDataKey|CreateGrant|\*/)]),
    );
    const userStatements = doc.Statement.filter((s: { Principal: { AWS?: string[] } }) =>
      s.Principal.AWS?.includes("arn:aws:iam::111122223333:root"),
    );
    expect(userStatements.length).toBeGreaterThanOrEqual(2);
    for (const s of userStatements) {
      expect(s.Principal.AWS).not.toContain("arn:aws:iam::111122223333:role/deployer");
      expect(s.Action).not.toContain("kms:PutKeyPolicy");
      expect(s.Condition.StringEquals["kms:ViaService"]).toBeDefined();
      expect(s.Condition.StringEquals["kms:CallerAccount"]).toBe("111122223333");
    }
    expect(JSON.stringify(doc)).not.toMatch(/"kms:\*"/);
  });

  test.each([
    ["data", ["s3.us-east-1.amazonaws.com", "ec2.us-east-1.amazonaws.com"]],
    ["database", ["rds.us-east-1.amazonaws.com"]],
    ["backup", ["backup.us-east-1.amazonaws.com", "sns.us-east-1.amazonaws.com"]],
    ["logs", ["s3.us-east-1.amazonaws.com", "sns.us-east-1.amazonaws.com"]],
    ["secrets", ["secretsmanager.us-east-1.amazonaws.com"]],
  ])("%s key is usable only through %p", (p, services) => {
    const grants = statement(`demo-dev-keys-${p}-key`, "KeyUsersGrantsForAwsResources");
    expect(grants.Condition.StringEquals["kms:ViaService"]).toEqual(services);
    expect(grants.Condition.Bool).toEqual({ "kms:GrantIsForAWSResource": "true" });
  });

  test("S3 use of the data key carries the tenant's bucket ARNs as encryption context", () => {
    expect(statement("demo-dev-keys-data-key", "KeyUsersViaS3").Condition.StringLike).toEqual({
      "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::demo-dev-*",
    });
  });

  test("logs key admits CloudWatch Logs for the tenant's log groups and CloudTrail for the tenant's trails", () => {
    const logs = statement("demo-dev-keys-logs-key", "CloudWatchLogsEncryptTenantLogGroups");
    expect(logs.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
    expect(logs.Condition.ArnLike).toEqual({
      "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:111122223333:log-group:/ephi/demo/dev/*",
    });
    const trail = statement("demo-dev-keys-logs-key", "CloudTrailEncryptTenantTrails");
    expect(trail.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "111122223333" },
      StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111122223333:trail/demo-dev-*" },
    });
  });

  test("backup key admits AWS Backup's notifications for this account only", () => {
    expect(statement("demo-dev-keys-backup-key", "AwsBackupPublishToEncryptedTopic")).toMatchObject({
      Principal: { Service: "backup.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
    });
  });

  test("the copy-region keyring holds only a backup key, scoped to the copy region", () => {
    const keys = reg.within(reg.byName("demo-dev-copy-keys")).filter((r) => r.type === "aws:kms/key:Key");
    expect(keys.map((k) => k.name)).toEqual(["demo-dev-copy-keys-backup-key"]);
    const grants = statement("demo-dev-copy-keys-backup-key", "KeyUsersGrantsForAwsResources");
    expect(grants.Condition.StringEquals["kms:ViaService"]).toEqual([
      "backup.us-west-2.amazonaws.com",
      "sns.us-west-2.amazonaws.com",
    ]);
  });

  test("a CloudHSM key store turns automatic rotation off (AWS cannot rotate it) and keeps the policy", () => {
    const key = state("hsm-dev-data-key");
    expect(key.customKeyStoreId).toBe("cks-1234567890abcdef0");
    expect(key.enableKeyRotation).toBe(false);
    expect(key.rotationPeriodInDays).toBeUndefined();
    expect(JSON.parse(key.policy).Statement[0].Sid).toBe("KeyAdministratorsManageWithoutUse");
  });

  test("iamPrincipalOf turns an assumed-role session into its role and leaves users alone", () => {
    expect(c.iamPrincipalOf("arn:aws:sts::111122223333:assumed-role/ci/build-7")).toBe(
      "arn:aws:iam::111122223333:role/ci",
    );
    expect(c.iamPrincipalOf("arn:aws:iam::111122223333:user/alice")).toBe("arn:aws:iam::111122223333:user/alice");
  });
});

describe("EncryptedBucket", () => {
  const name = "demo-dev-clinical-documents";
  const logBucket = () => state("demo-dev-access-logs-bucket").bucket;

  test("prefixes the bucket name with tenant and environment and keeps forceDestroy off", () => {
    expect(state(`${name}-bucket`)).toMatchObject({ bucketPrefix: "demo-dev-", forceDestroy: false });
    expect(state(`${name}-bucket`).objectLockEnabled).toBeUndefined();
  });

  test("encrypts by default with the tenant data key and bucket keys", () => {
    expect(state(`${name}-sse`).rules).toEqual([
      {
        applyServerSideEncryptionByDefault: {
          sseAlgorithm: "aws:kms",
          kmsMasterKeyId: keyArn("demo-dev-keys-data-key"),
        },
        bucketKeyEnabled: true,
      },
    ]);
  });

  test("ties every bucket setting to the bucket through propertyDependencies", () => {
    const bucketUrn = reg.byName(`${name}-bucket`).urn;
    for (const role of [
      "sse",
      "public-access-block",
      "ownership",
      "versioning",
      "access-logging",
      "lifecycle",
      "policy",
    ]) {
      expect([role, reg.byName(`${name}-${role}`).propertyDependencies.bucket]).toEqual([role, [bucketUrn]]);
    }
  });

  test("blocks public access, enforces bucket-owner ownership, versions objects", () => {
    expect(state(`${name}-public-access-block`)).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(state(`${name}-ownership`).rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
    expect(state(`${name}-versioning`).versioningConfiguration).toEqual({ status: "Enabled" });
  });

  test("logs server access to the access-log bucket", () => {
    expect(state(`${name}-access-logging`)).toMatchObject({ targetBucket: logBucket(), targetPrefix: `s3/${name}/` });
  });

  test("moves noncurrent versions to Glacier at 90 days and expires them after six years", () => {
    expect(state(`${name}-lifecycle`).rules).toEqual([
      expect.objectContaining({
        status: "Enabled",
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        noncurrentVersionTransitions: [{ noncurrentDays: 90, storageClass: "GLACIER" }],
        noncurrentVersionExpiration: { noncurrentDays: 2190 },
      }),
    ]);
  });

  test("policy denies plaintext, TLS below 1.2, and uploads that are not SSE-KMS with the tenant key", () => {
    const arn = state(`${name}-bucket`).arn;
    const both = [arn, `${arn}/*`];
    expect(statement(`${name}-policy`, "DenyInsecureTransport")).toMatchObject({
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: both,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(statement(`${name}-policy`, "DenyTlsBelow12")).toMatchObject({
      Effect: "Deny",
      Resource: both,
      Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
    });
    expect(statement(`${name}-policy`, "DenyUploadsNotSseKms").Condition).toEqual({
      StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" },
    });
    expect(statement(`${name}-policy`, "DenyUploadsWithOtherKeys").Condition).toEqual({
      StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn("demo-dev-keys-data-key") },
    });
  });

  test("Object Lock (audit bucket): compliance mode, six years, enabled at creation, never force-destroyed", () => {
    expect(state("demo-dev-audit-logs-bucket")).toMatchObject({ objectLockEnabled: true, forceDestroy: false });
    expect(state("demo-dev-audit-logs-object-lock")).toMatchObject({
      objectLockEnabled: "Enabled",
      rule: { defaultRetention: { mode: "COMPLIANCE", years: 6 } },
    });
  });
});

describe("AccessLogBucket (AWS constraint: ALB and S3 access logs need SSE-S3)", () => {
  const name = "demo-dev-access-logs";

  test("uses SSE-S3 and says why in a tag the policy pack can read", () => {
    expect(state(`${name}-sse`).rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    expect(state(`${name}-bucket`).tags).toMatchObject({
      "ephi-guard:sse-s3-reason": "log-delivery",
      purpose: "access-logs",
    });
  });

  test("compensating controls: private, owner-enforced, versioned, expiring", () => {
    expect(state(`${name}-public-access-block`)).toMatchObject({ blockPublicAcls: true, restrictPublicBuckets: true });
    expect(state(`${name}-ownership`).rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
    expect(state(`${name}-versioning`).versioningConfiguration).toEqual({ status: "Enabled" });
    expect(state(`${name}-lifecycle`).rules[0].expiration).toEqual({ days: 2190 });
  });

  test("only the two log-delivery principals of this account may write, and only over TLS 1.2+", () => {
    const arn = state(`${name}-bucket`).arn;
    expect(statement(`${name}-policy`, "DenyInsecureTransport").Condition).toEqual({
      Bool: { "aws:SecureTransport": "false" },
    });
    expect(statement(`${name}-policy`, "DenyTlsBelow12").Condition).toEqual({
      NumericLessThan: { "s3:TlsVersion": "1.2" },
    });
    expect(statement(`${name}-policy`, "S3ServerAccessLogDelivery")).toMatchObject({
      Principal: { Service: "logging.s3.amazonaws.com" },
      Resource: `${arn}/s3/*`,
      Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
    });
    const albWriters = policyOf(`${name}-policy`).Statement.filter((s: { Sid: string }) =>
      s.Sid.startsWith("AlbAccessLogDelivery"),
    );
    expect(albWriters.map((s: { Principal: unknown }) => s.Principal)).toEqual([
      { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
      { AWS: "arn:aws:iam::127311923021:root" },
    ]);
    for (const s of albWriters) expect(s.Resource).toBe(`${arn}/alb/AWSLogs/111122223333/*`);
  });
});

describe("EncryptedDatabase", () => {
  test("RDS for PostgreSQL: encrypted, managed secret, IAM auth, 35-day backups, protected, private, current CA", () => {
    expect(state("demo-dev-database-instance")).toMatchObject({
      engine: "postgres",
      engineVersion: "16.6",
      storageEncrypted: true,
      kmsKeyId: keyArn("demo-dev-keys-database-key"),
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: keyArn("demo-dev-keys-secrets-key"),
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: keyArn("demo-dev-keys-database-key"),
      backupRetentionPeriod: 35,
      deletionProtection: true,
      iamDatabaseAuthenticationEnabled: true,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      publiclyAccessible: false,
      multiAz: true,
      skipFinalSnapshot: false,
      parameterGroupName: "demo-dev-postgres16-tls",
      dbSubnetGroupName: "demo-dev-database",
    });
    expect(state("demo-dev-database-instance").password).toBeUndefined();
  });

  test.each([
    ["demo-dev-database-params", "postgres16"],
    ["riverside-prod-database-params", "aurora-postgresql16"],
  ])("%s forces TLS 1.2+ (%s)", (name, family) => {
    expect(state(name).family).toBe(family);
    expect(state(name).parameters).toEqual([
      { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
      { name: "ssl_min_protocol_version", value: "TLSv1.2", applyMethod: "pending-reboot" },
    ]);
  });

  test("Aurora PostgreSQL: the same settings on cluster and writer", () => {
    expect(state("riverside-prod-database-cluster")).toMatchObject({
      engine: "aurora-postgresql",
      storageEncrypted: true,
      manageMasterUserPassword: true,
      backupRetentionPeriod: 35,
      deletionProtection: true,
      iamDatabaseAuthenticationEnabled: true,
      dbClusterParameterGroupName: "riverside-prod-aurora-postgresql16-tls",
    });
    expect(state("riverside-prod-database-writer")).toMatchObject({
      caCertIdentifier: "rds-ca-rsa2048-g1",
      publiclyAccessible: false,
      performanceInsightsEnabled: true,
    });
  });

  test("sits in private subnets and accepts only the application tier on 5432", () => {
    expect(state("riverside-prod-database-subnets").subnetIds).toEqual(["subnet-priv1", "subnet-priv2"]);
    const rules = reg
      .within(reg.byName("demo-dev-database"))
      .filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(rules.map((r) => [r.state.fromPort, r.state.toPort, r.state.cidrIpv4])).toEqual([[5432, 5432, undefined]]);
    expect(reg.dependencies(rules[0], "referencedSecurityGroupId").map((d) => d.name)).toEqual(["demo-dev-app-sg"]);
  });
});

describe("TlsLoadBalancer", () => {
  test("HTTPS 443 with the TLS 1.3/1.2-restricted policy, an EC P-256 ACM certificate and HSTS", () => {
    expect(state("demo-dev-ingress-https")).toMatchObject({
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
      routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000; includeSubDomains",
    });
    expect(state("demo-dev-ingress-https").mutualAuthentication).toBeUndefined();
    expect(state("demo-dev-ingress-certificate")).toMatchObject({
      keyAlgorithm: "EC_prime256v1",
      validationMethod: "DNS",
    });
  });

  test("HTTP 80 only redirects to HTTPS with a 301", () => {
    expect(state("demo-dev-ingress-http-redirect").defaultActions).toEqual([
      { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
    ]);
  });

  test("drops invalid headers, logs access to the log bucket, resists deletion", () => {
    expect(state("demo-dev-ingress-alb")).toMatchObject({
      dropInvalidHeaderFields: true,
      enableDeletionProtection: true,
      accessLogs: { bucket: state("demo-dev-access-logs-bucket").bucket, prefix: "alb", enabled: true },
    });
  });

  test("talks HTTPS to its targets", () => {
    expect(state("demo-dev-ingress-targets")).toMatchObject({
      protocol: "HTTPS",
      port: 443,
      healthCheck: { protocol: "HTTPS" },
    });
  });

  test("FIPS TLS 1.3 profile and mTLS with a trust store when asked", () => {
    expect(state("riverside-prod-ingress-https")).toMatchObject({
      sslPolicy: "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
      mutualAuthentication: { mode: "verify", trustStoreArn: state("riverside-prod-ingress-trust-store").arn },
    });
    expect(state("riverside-prod-ingress-trust-store")).toMatchObject({
      caCertificatesBundleS3Bucket: MTLS.caBundleBucket,
      caCertificatesBundleS3Key: MTLS.caBundleKey,
    });
  });
});

describe("ImmutableBackupVault", () => {
  test.each(["vault", "copy-vault"])("%s: Vault Lock in compliance mode and a policy denying deletion", (role) => {
    expect(state(`demo-dev-backup-${role}-lock`)).toMatchObject({
      minRetentionDays: 7,
      maxRetentionDays: 2555,
      changeableForDays: 3,
    });
    expect(statement(`demo-dev-backup-${role}-policy`, "DenyRecoveryPointDeletion")).toMatchObject({
      Effect: "Deny",
      Principal: "*",
      Action: expect.arrayContaining(["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"]),
    });
  });

  test("daily, weekly and monthly rules, each copied to the locked vault in the second region", () => {
    const copyVault = state("demo-dev-backup-copy-vault").arn;
    const rules = state("demo-dev-backup-plan").rules;
    expect(rules.map((r: { ruleName: string; lifecycle: unknown }) => [r.ruleName, r.lifecycle])).toEqual([
      ["daily", { deleteAfter: 35 }],
      ["weekly", { deleteAfter: 90 }],
      ["monthly", { deleteAfter: 2190, coldStorageAfter: 30 }],
    ]);
    for (const r of rules) expect(r.copyActions).toEqual([{ destinationVaultArn: copyVault, lifecycle: r.lifecycle }]);
  });

  test("selects the tenant environment's resources by tag", () => {
    expect(state("demo-dev-backup-selection")).toMatchObject({
      resources: ["*"],
      conditions: [
        {
          stringEquals: [
            { key: "aws:ResourceTag/tenant", value: "demo" },
            { key: "aws:ResourceTag/environment", value: "dev" },
          ],
        },
      ],
    });
  });

  test("tests restores every quarter and notifies an encrypted topic", () => {
    expect(state("demo-dev-backup-restore-test").scheduleExpression).toBe("cron(0 6 1 1,4,7,10 ? *)");
    expect(state("demo-dev-backup-restore-test-rds").protectedResourceType).toBe("RDS");
    expect(state("demo-dev-backup-vault-notifications").backupVaultEvents).toEqual(
      expect.arrayContaining(["BACKUP_JOB_FAILED", "COPY_JOB_FAILED", "RECOVERY_POINT_MODIFIED"]),
    );
    expect(statement("demo-dev-backup-notifications-policy", "DenyInsecureTransport").Condition).toEqual({
      Bool: { "aws:SecureTransport": "false" },
    });
  });
});

describe("KeyAuditTrail", () => {
  test("multi-region trail with log file validation, encrypted with the logs key", () => {
    expect(state("demo-dev-audit-trail")).toMatchObject({
      name: "demo-dev-key-audit",
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: keyArn("demo-dev-keys-logs-key"),
      s3BucketName: state("demo-dev-audit-logs-bucket").bucket,
    });
  });

  test("encrypted log group under the tenant prefix, kept six years", () => {
    expect(state("demo-dev-audit-log-group")).toMatchObject({
      name: "/ephi/demo/dev/cloudtrail",
      retentionInDays: 2192,
    });
  });

  test("digest files (SSE-S3 by AWS design) are exempt only from the SSE-KMS header deny", () => {
    const arn = state("demo-dev-audit-logs-bucket").arn;
    expect(statement("demo-dev-audit-logs-policy", "DenyUploadsNotSseKms")).toMatchObject({
      NotResource: `${arn}/AWSLogs/111122223333/CloudTrail-Digest/*`,
    });
    expect(statement("demo-dev-audit-logs-policy", "DenyUploadsNotSseKms").Resource).toBeUndefined();
    expect(statement("demo-dev-audit-logs-policy", "DenyUploadsWithOtherKeys").Resource).toBe(`${arn}/*`);
    expect(statement("demo-dev-clinical-documents-policy", "DenyUploadsNotSseKms").NotResource).toBeUndefined();
  });

  test("only this trail may write to the Object Lock bucket", () => {
    const write = statement("demo-dev-audit-logs-policy", "CloudTrailWrite");
    expect(write.Condition.StringEquals["aws:SourceArn"]).toBe(
      "arn:aws:cloudtrail:us-east-1:111122223333:trail/demo-dev-key-audit",
    );
  });

  test("alerts an encrypted topic on every key lifecycle call", () => {
    const pattern = JSON.parse(state("demo-dev-audit-key-events").eventPattern);
    expect(pattern.source).toEqual(["aws.kms"]);
    expect(pattern.detail.eventName).toEqual([
      "DisableKey",
      "ScheduleKeyDeletion",
      "PutKeyPolicy",
      "ImportKeyMaterial",
      "DeleteImportedKeyMaterial",
      "CreateGrant",
      "RetireGrant",
    ]);
    expect(state("demo-dev-audit-key-events-target").arn).toBe(state("demo-dev-audit-alerts").arn);
  });
});

describe("EncryptionBaseline and network", () => {
  test("EBS encrypted by default with the data key; S3 account public access block", () => {
    expect(state("demo-dev-baseline-ebs-encryption").enabled).toBe(true);
    expect(state("demo-dev-baseline-s3-public-access-block")).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(reg.all.some((r) => r.name.startsWith("riverside-prod-baseline"))).toBe(false);
  });

  test("two public and two private subnets in two AZs; only public ones route to the internet", () => {
    const subnets = reg.ofType("aws:ec2/subnet:Subnet").filter((s) => s.name.startsWith("demo-dev-network"));
    expect(subnets.map((s) => [s.name, s.state.availabilityZone, s.state.mapPublicIpOnLaunch])).toEqual([
      ["demo-dev-network-public-1", "us-east-1a", false],
      ["demo-dev-network-public-2", "us-east-1b", false],
      ["demo-dev-network-private-1", "us-east-1a", false],
      ["demo-dev-network-private-2", "us-east-1b", false],
    ]);
    expect(state("demo-dev-network-private-routes").routes).toBeUndefined();
    expect(reg.all.some((r) => r.name.startsWith("riverside-prod-network"))).toBe(false);
  });

  test("application volumes are encrypted with the data key and IMDSv2 is required", () => {
    const template = state("demo-dev-app-template");
    expect(template.blockDeviceMappings[0].ebs).toMatchObject({
      encrypted: "true",
      kmsKeyId: keyArn("demo-dev-keys-data-key"),
    });
    expect(template.metadataOptions.httpTokens).toBe("required");
  });
});
