/**
 * Mutation table: every security-relevant property the components set, weakened one at a time in the captured
 * demo-dev platform, must be blocked by the policy pack with the expected policy. A mutant the pack misses is a
 * pack bug; those found so far are listed in PACK_MISSES (reported to the pack's owners) and asserted to still be
 * missed, so the list shrinks as soon as the pack learns them.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- captured state is arbitrary JSON that tests index into */
import type { Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type * as Components from "../../components";
import { defaultOptions } from "../../engine/src/resources";
import type { WireObject } from "../../engine/src/wire";
import { policies } from "../../policies/src/policies";
import { analyze, analyzeStack, outcome, TestResource } from "../harness/policy-harness";
import { capture, Registration } from "./components-capture";

jest.setTimeout(120_000);

let stack: TestResource[];
/** violations of the unmutated stack, as `policy urn message` */
let baseline: Set<string>;

const isStackPolicy = (p: Policy): p is StackValidationPolicy => "validateStack" in p;
const isResourcePolicy = (p: Policy): p is ResourceValidationPolicy => "validateResource" in p;

function toTestResource(r: Registration): TestResource {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    properties: JSON.parse(JSON.stringify({ ...r.state, ...(r.custom ? { id: `${r.name}-id` } : {}) })) as WireObject,
    options: defaultOptions(),
    parent: r.parent,
    dependencies: [...new Set(Object.values(r.propertyDependencies).flat())],
    propertyDependencies: r.propertyDependencies,
  };
}

/** Violations of every policy: resource policies over `only` (default: all), stack policies over the stack. */
async function violations(resources: TestResource[], only?: Set<string>): Promise<Set<string>> {
  const found = new Set<string>();
  for (const p of policies) {
    if (isStackPolicy(p)) {
      const resp = await analyzeStack(p, resources);
      for (const d of resp.diagnostics)
        if (!outcome({ ...resp, diagnostics: [d] }).unknownAtPreview)
          found.add(`${p.name} ${d.urn ?? ""} ${d.message}`);
    }
    if (isResourcePolicy(p)) {
      for (const r of resources.filter((x) => !only || only.has(x.urn))) {
        for (const d of (await analyze(p, r)).diagnostics) found.add(`${p.name} ${r.urn} ${d.message}`);
      }
    }
  }
  return found;
}

/** A weakened copy of the stack, edited through these helpers. */
class Mutant {
  readonly resources: TestResource[];
  readonly touched = new Set<string>();
  constructor(base: TestResource[]) {
    this.resources = JSON.parse(JSON.stringify(base));
  }
  private find(name: string): TestResource {
    const r = this.resources.find((x) => x.name === name);
    if (!r) throw new Error(`mutant: no resource ${name}`);
    this.touched.add(r.urn);
    return r;
  }
  /** Sets (or with `undefined` deletes) the property at `path`. */
  set(name: string, path: (string | number)[], value: unknown): this {
    let o: any = this.find(name).properties;
    for (const k of path.slice(0, -1)) o = o[k];
    const last = path[path.length - 1];
    if (value === undefined) delete o[last];
    else o[last] = value;
    // a removed input no longer carries the resources it was built from
    if (value === undefined && path.length === 1) delete this.find(name).propertyDependencies[String(last)];
    return this;
  }
  /** Edits a JSON document held as a string property (key and bucket policies). */
  json(name: string, property: string, edit: (doc: any) => void): this {
    const r = this.find(name);
    const doc = JSON.parse(r.properties[property] as string);
    edit(doc);
    r.properties[property] = JSON.stringify(doc);
    return this;
  }
  /** Drops a statement by Sid from a policy document. */
  dropStatement(name: string, sid: string, property = "policy"): this {
    return this.json(name, property, (d) => (d.Statement = d.Statement.filter((s: { Sid?: string }) => s.Sid !== sid)));
  }
  /** Removes a resource from the stack. */
  remove(name: string): this {
    const r = this.find(name);
    this.resources.splice(this.resources.indexOf(r), 1);
    return this;
  }
  /** Points `path` of `name` at another resource (e.g. another tenant's key), value and dependency both. */
  repoint(name: string, path: (string | number)[], dependencyProperty: string, target: string): this {
    const t = this.find(target);
    this.set(name, path, t.properties.arn);
    this.find(name).propertyDependencies[dependencyProperty] = [t.urn];
    return this;
  }
}

type Mutation = [property: string, mutate: (m: Mutant) => Mutant, policy: string];
type Miss = [property: string, mutate: (m: Mutant) => Mutant];

const P = "demo-dev";
const OTHER_KEY = "other-dev-data-key";
const docs = `${P}-clinical-documents`;
const dataKey = `${P}-keys-data-key`;
const db = `${P}-database-instance`;
const sseDefault = ["rules", 0, "applyServerSideEncryptionByDefault"];
const sid = (d: any, id: string) => d.Statement.find((s: { Sid: string }) => s.Sid === id);

/** property the components set -> weakened mutant -> the pack policy that blocks it */
const MUTATIONS: Mutation[] = [
  // TenantKeyring
  ["key rotation on", (m) => m.set(dataKey, ["enableKeyRotation"], false), "kms-key-rotation"],
  [
    "key rotation set at all",
    (m) => m.set(`${P}-keys-database-key`, ["enableKeyRotation"], undefined),
    "kms-key-rotation",
  ],
  [
    "rotation period 365 days",
    (m) => m.set(`${P}-keys-secrets-key`, ["rotationPeriodInDays"], 2560),
    "kms-key-rotation",
  ],
  [
    "deletion window 30 days",
    (m) => m.set(`${P}-keys-backup-key`, ["deletionWindowInDays"], 7),
    "kms-key-deletion-window",
  ],
  ["explicit key policy", (m) => m.set(`${P}-keys-logs-key`, ["policy"], undefined), "kms-key-separation-of-duties"],
  [
    "administrators cannot use",
    (m) => m.json(dataKey, "policy", (d) => d.Statement[0].Action.push("kms:Decrypt")),
    "kms-key-separation-of-duties",
  ],
  [
    "users cannot administer",
    (m) => m.json(dataKey, "policy", (d) => d.Statement[1].Action.push("kms:PutKeyPolicy")),
    "kms-key-separation-of-duties",
  ],
  [
    "no kms:* for the account root",
    (m) =>
      m.json(`${P}-keys-secrets-key`, "policy", (d) =>
        d.Statement.push({
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111122223333:root" },
          Action: "kms:*",
          Resource: "*",
        }),
      ),
    "kms-key-separation-of-duties",
  ],
  [
    "CloudWatch Logs principal scoped by encryption context",
    (m) =>
      m.json(`${P}-keys-logs-key`, "policy", (d) => delete sid(d, "CloudWatchLogsEncryptTenantLogGroups").Condition),
    "kms-key-policy-least-privilege",
  ],
  [
    "CloudTrail principal scoped to the account's trails",
    (m) => m.json(`${P}-keys-logs-key`, "policy", (d) => delete sid(d, "CloudTrailEncryptTenantTrails").Condition),
    "kms-key-policy-least-privilege",
  ],
  [
    "AWS Backup principal scoped to the account",
    (m) => m.json(`${P}-keys-backup-key`, "policy", (d) => delete sid(d, "AwsBackupPublishToEncryptedTopic").Condition),
    "kms-key-policy-least-privilege",
  ],
  [
    "lockout safety check kept",
    (m) => m.set(dataKey, ["bypassPolicyLockoutSafetyCheck"], true),
    "kms-key-policy-lockout-check",
  ],
  ["symmetric key spec", (m) => m.set(dataKey, ["customerMasterKeySpec"], "RSA_2048"), "kms-key-usage"],
  ["encrypt/decrypt usage", (m) => m.set(dataKey, ["keyUsage"], "SIGN_VERIFY"), "kms-key-usage"],
  ["key description", (m) => m.set(dataKey, ["description"], undefined), "kms-key-description"],
  ["alias/<tenant>/<env>/<purpose>", (m) => m.set(`${P}-keys-data-alias`, ["name"], "alias/data"), "kms-alias-naming"],
  ["key tenant tag", (m) => m.set(dataKey, ["tags", "tenant"], undefined), "kms-key-tags"],
  ["key purpose tag", (m) => m.set(dataKey, ["tags", "purpose"], undefined), "kms-key-tags"],
  // EncryptedBucket
  [
    "bucket SSE-KMS",
    (m) => m.set(`${docs}-sse`, [...sseDefault, "sseAlgorithm"], "AES256"),
    "s3-encryption-at-rest-cmk",
  ],
  ["bucket SSE configuration", (m) => m.remove(`${docs}-sse`), "s3-encryption-at-rest-cmk"],
  [
    "bucket key customer-managed",
    (m) => m.set(`${docs}-sse`, [...sseDefault, "kmsMasterKeyId"], "alias/aws/s3"),
    "s3-encryption-at-rest-cmk",
  ],
  [
    "bucket key named",
    (m) => m.set(`${docs}-sse`, [...sseDefault, "kmsMasterKeyId"], undefined),
    "s3-encryption-at-rest-cmk",
  ],
  [
    "bucket key of its tenant",
    (m) => m.repoint(`${docs}-sse`, [...sseDefault, "kmsMasterKeyId"], "rules", OTHER_KEY),
    "kms-key-tenant-separation",
  ],
  ["S3 Bucket Keys", (m) => m.set(`${docs}-sse`, ["rules", 0, "bucketKeyEnabled"], false), "s3-bucket-key-enabled"],
  [
    "bucket policy denies plaintext",
    (m) => m.dropStatement(`${docs}-policy`, "DenyInsecureTransport"),
    "resource-policy-deny-insecure-transport",
  ],
  ["bucket policy present", (m) => m.remove(`${docs}-policy`), "resource-policy-deny-insecure-transport"],
  [
    "bucket policy denies TLS < 1.2",
    (m) => m.dropStatement(`${docs}-policy`, "DenyTlsBelow12"),
    "s3-deny-tls-below-1-2",
  ],
  [
    "audit bucket SSE-KMS",
    (m) => m.set(`${P}-audit-logs-sse`, [...sseDefault, "sseAlgorithm"], "AES256"),
    "s3-encryption-at-rest-cmk",
  ],
  // AccessLogBucket: SSE-S3 is accepted only as the documented log-delivery exception
  [
    "SSE-S3 exception tagged",
    (m) => m.set(`${P}-access-logs-bucket`, ["tags", "ephi-guard:sse-s3-reason"], undefined),
    "s3-encryption-at-rest-cmk",
  ],
  [
    "SSE-S3 exception only where logs are delivered",
    (m) =>
      m
        .set(`${docs}-bucket`, ["tags", "ephi-guard:sse-s3-reason"], "log-delivery")
        .set(`${docs}-sse`, ["rules", 0, "applyServerSideEncryptionByDefault"], { sseAlgorithm: "AES256" }),
    "s3-encryption-at-rest-cmk",
  ],
  [
    "access-log bucket denies plaintext",
    (m) => m.dropStatement(`${P}-access-logs-policy`, "DenyInsecureTransport"),
    "resource-policy-deny-insecure-transport",
  ],
  // EncryptedDatabase
  ["database storage encrypted", (m) => m.set(db, ["storageEncrypted"], false), "rds-instance-encryption-cmk"],
  ["database key named", (m) => m.set(db, ["kmsKeyId"], undefined), "rds-instance-encryption-cmk"],
  [
    "database key of its tenant",
    (m) => m.repoint(db, ["kmsKeyId"], "kmsKeyId", OTHER_KEY),
    "kms-key-tenant-separation",
  ],
  ["rds.force_ssl 1", (m) => m.set(`${P}-database-params`, ["parameters", 0, "value"], "0"), "rds-tls-enforced"],
  [
    "rds.force_ssl present",
    (m) => m.set(`${P}-database-params`, ["parameters", 0], { name: "log_connections", value: "1" }),
    "rds-tls-enforced",
  ],
  [
    "ssl_min_protocol_version TLSv1.2",
    (m) => m.set(`${P}-database-params`, ["parameters", 1, "value"], "TLSv1"),
    "rds-tls-enforced",
  ],
  ["TLS parameter group attached", (m) => m.set(db, ["parameterGroupName"], undefined), "rds-tls-enforced"],
  [
    "Performance Insights under the database key",
    (m) => m.set(db, ["performanceInsightsKmsKeyId"], undefined),
    "rds-performance-insights-cmk",
  ],
  // TlsLoadBalancer
  [
    "listener HTTPS",
    (m) => m.set(`${P}-ingress-https`, ["protocol"], "HTTP").set(`${P}-ingress-https`, ["sslPolicy"], undefined),
    "lb-listener-tls",
  ],
  [
    "listener TLS 1.3/1.2 policy",
    (m) => m.set(`${P}-ingress-https`, ["sslPolicy"], "ELBSecurityPolicy-2016-08"),
    "lb-listener-tls",
  ],
  ["listener policy set", (m) => m.set(`${P}-ingress-https`, ["sslPolicy"], undefined), "lb-listener-tls"],
  [
    "HTTP only redirects (not forward)",
    (m) => m.set(`${P}-ingress-http-redirect`, ["defaultActions"], [{ type: "forward", targetGroupArn: "arn:tg" }]),
    "lb-listener-tls",
  ],
  [
    "redirect goes to HTTPS",
    (m) => m.set(`${P}-ingress-http-redirect`, ["defaultActions", 0, "redirect", "protocol"], "HTTP"),
    "lb-listener-tls",
  ],
  ["HTTPS to the targets", (m) => m.set(`${P}-ingress-targets`, ["protocol"], "HTTP"), "lb-target-plaintext"],
  [
    "HSTS header",
    (m) => m.set(`${P}-ingress-https`, ["routingHttpResponseStrictTransportSecurityHeaderValue"], undefined),
    "lb-listener-hsts",
  ],
  [
    "HSTS max-age one year",
    (m) => m.set(`${P}-ingress-https`, ["routingHttpResponseStrictTransportSecurityHeaderValue"], "max-age=300"),
    "lb-listener-hsts",
  ],
  [
    "certificate key RSA-2048+/P-256",
    (m) => m.set(`${P}-ingress-certificate`, ["keyAlgorithm"], "RSA_1024"),
    "acm-certificate-key",
  ],
  // ImmutableBackupVault
  ["vault under a CMK", (m) => m.set(`${P}-backup-vault`, ["kmsKeyArn"], undefined), "backup-vault-encryption-cmk"],
  [
    "vault key is the backup key, not the data key",
    (m) => m.repoint(`${P}-backup-vault`, ["kmsKeyArn"], "kmsKeyArn", dataKey),
    "backup-key-separate-from-data",
  ],
  [
    "vault key of its tenant",
    (m) => m.repoint(`${P}-backup-vault`, ["kmsKeyArn"], "kmsKeyArn", OTHER_KEY),
    "kms-key-tenant-separation",
  ],
  [
    "copy vault under a CMK",
    (m) => m.set(`${P}-backup-copy-vault`, ["kmsKeyArn"], undefined),
    "backup-vault-encryption-cmk",
  ],
  [
    "notification topic encrypted",
    (m) => m.set(`${P}-backup-notifications`, ["kmsMasterKeyId"], undefined),
    "sns-topic-encryption-cmk",
  ],
  [
    "notification topic denies plaintext",
    (m) => m.dropStatement(`${P}-backup-notifications-policy`, "DenyInsecureTransport"),
    "resource-policy-deny-insecure-transport",
  ],
  // KeyAuditTrail
  ["trail encrypted", (m) => m.set(`${P}-audit-trail`, ["kmsKeyId"], undefined), "cloudtrail-encryption-cmk"],
  [
    "trail key of its tenant",
    (m) => m.repoint(`${P}-audit-trail`, ["kmsKeyId"], "kmsKeyId", OTHER_KEY),
    "kms-key-tenant-separation",
  ],
  [
    "log group encrypted",
    (m) => m.set(`${P}-audit-log-group`, ["kmsKeyId"], undefined),
    "cloudwatch-log-group-encryption-cmk",
  ],
  [
    "alert topic encrypted",
    (m) => m.set(`${P}-audit-alerts`, ["kmsMasterKeyId"], undefined),
    "sns-topic-encryption-cmk",
  ],
  [
    "alert topic denies plaintext",
    (m) => m.dropStatement(`${P}-audit-alerts-policy`, "DenyInsecureTransport"),
    "resource-policy-deny-insecure-transport",
  ],
  // EncryptionBaseline and application tier
  [
    "EBS default key of its tenant",
    (m) => m.repoint(`${P}-baseline-ebs-default-key`, ["keyArn"], "keyArn", OTHER_KEY),
    "kms-key-tenant-separation",
  ],
  [
    "application volumes encrypted",
    (m) => m.set(`${P}-app-template`, ["blockDeviceMappings", 0, "ebs", "encrypted"], "false"),
    "ec2-launch-template-encryption-cmk",
  ],
  [
    "application volumes under the tenant key",
    (m) =>
      m.repoint(`${P}-app-template`, ["blockDeviceMappings", 0, "ebs", "kmsKeyId"], "blockDeviceMappings", OTHER_KEY),
    "kms-key-tenant-separation",
  ],
];

/** Properties the components set that no policy checks yet: pack bugs, reported; each must still be missed. */
const PACK_MISSES: Miss[] = [
  ["user statements only via kms:ViaService", (m) => m.json(dataKey, "policy", (d) => delete d.Statement[1].Condition)],
  [
    "S3 use bound to the tenant's encryption context",
    (m) => m.json(dataKey, "policy", (d) => delete d.Statement[1].Condition.StringLike),
  ],
  ["bucket denies uploads that are not SSE-KMS", (m) => m.dropStatement(`${docs}-policy`, "DenyUploadsNotSseKms")],
  ["bucket denies uploads under other keys", (m) => m.dropStatement(`${docs}-policy`, "DenyUploadsWithOtherKeys")],
  ["bucket public access block", (m) => m.set(`${docs}-public-access-block`, ["blockPublicPolicy"], false)],
  ["bucket owner enforced", (m) => m.remove(`${docs}-ownership`)],
  ["bucket versioning", (m) => m.set(`${docs}-versioning`, ["versioningConfiguration", "status"], "Suspended")],
  ["bucket server access logging", (m) => m.remove(`${docs}-access-logging`)],
  ["bucket lifecycle", (m) => m.remove(`${docs}-lifecycle`)],
  ["audit bucket Object Lock", (m) => m.remove(`${P}-audit-logs-object-lock`)],
  [
    "audit bucket Object Lock in compliance mode",
    (m) => m.set(`${P}-audit-logs-object-lock`, ["rule", "defaultRetention", "mode"], "GOVERNANCE"),
  ],
  ["database current CA", (m) => m.set(db, ["caCertIdentifier"], "rds-ca-2019")],
  [
    "database master password in Secrets Manager",
    (m) => m.set(db, ["manageMasterUserPassword"], false).set(db, ["password"], "not-a-real-password"),
  ],
  ["database master secret under the secrets key", (m) => m.set(db, ["masterUserSecretKmsKeyId"], undefined)],
  ["database deletion protection", (m) => m.set(db, ["deletionProtection"], false)],
  ["database backup retention 35 days", (m) => m.set(db, ["backupRetentionPeriod"], 1)],
  ["database IAM authentication", (m) => m.set(db, ["iamDatabaseAuthenticationEnabled"], false)],
  ["database not publicly accessible", (m) => m.set(db, ["publiclyAccessible"], true)],
  [
    "database Performance Insights on",
    (m) => m.set(db, ["performanceInsightsEnabled"], false).set(db, ["performanceInsightsKmsKeyId"], undefined),
  ],
  ["ALB drops invalid header fields", (m) => m.set(`${P}-ingress-alb`, ["dropInvalidHeaderFields"], false)],
  ["ALB deletion protection", (m) => m.set(`${P}-ingress-alb`, ["enableDeletionProtection"], false)],
  ["ALB access logs", (m) => m.set(`${P}-ingress-alb`, ["accessLogs"], undefined)],
  ["Vault Lock", (m) => m.remove(`${P}-backup-vault-lock`)],
  ["copy Vault Lock", (m) => m.remove(`${P}-backup-copy-vault-lock`)],
  ["vault policy denies recovery point deletion", (m) => m.remove(`${P}-backup-vault-policy`)],
  ["second-region copy", (m) => m.set(`${P}-backup-plan`, ["rules", 0, "copyActions"], undefined)],
  ["quarterly restore testing", (m) => m.remove(`${P}-backup-restore-test`)],
  ["backup notifications", (m) => m.remove(`${P}-backup-vault-notifications`)],
  ["trail log file validation", (m) => m.set(`${P}-audit-trail`, ["enableLogFileValidation"], false)],
  ["multi-region trail", (m) => m.set(`${P}-audit-trail`, ["isMultiRegionTrail"], false)],
  ["key lifecycle alert rule", (m) => m.remove(`${P}-audit-key-events`)],
  ["audit log retention six years", (m) => m.set(`${P}-audit-log-group`, ["retentionInDays"], 1)],
  ["EBS encryption by default", (m) => m.set(`${P}-baseline-ebs-encryption`, ["enabled"], false)],
  [
    "S3 account public access block",
    (m) => m.set(`${P}-baseline-s3-public-access-block`, ["blockPublicPolicy"], false),
  ],
];

let components: typeof Components;

beforeAll(async () => {
  const all = await capture(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    components = require("../../components");
    new components.ClinicPlatform(P, {
      tenant: "demo",
      environment: "dev",
      region: "us-east-1",
      copyRegion: "us-west-2",
    });
    new components.TenantKeyring("other-dev", { tenant: "other", environment: "dev", purposes: ["data"] });
  });
  stack = all.map(toTestResource);
  // the engine hands the pack the stack config; untagged resources (SSE configs, policies) take their tenant from it
  process.env.PULUMI_CONFIG = JSON.stringify({ "ephi-clinic:tenant": "demo", "ephi-clinic:environment": "dev" });
  process.env.PULUMI_PROJECT = "ephi-clinic";
  baseline = await violations(stack);
});

test("the unmutated platform passes every policy, the SSE-S3 access-log bucket included", () => {
  expect([...baseline]).toEqual([]);
});

const policyNames = new Set(policies.map((p) => p.name));
test("every mutation names a policy of the pack", () => {
  expect(MUTATIONS.map(([, , p]) => p).filter((p) => !policyNames.has(p))).toEqual([]);
});

/** Policies that report something on the mutant that they did not report on the original. */
async function newViolations(m: Mutant): Promise<string[]> {
  return [...(await violations(m.resources, m.touched))].filter((v) => !baseline.has(v));
}

test.each(MUTATIONS)("%s: the weakened mutant is blocked", async (_property, mutate, policy) => {
  const found = await newViolations(mutate(new Mutant(stack)));
  expect(found.filter((v) => v.startsWith(`${policy} `))).not.toEqual([]);
});

test.each(PACK_MISSES)(
  "pack miss, reported: %s (move it to MUTATIONS once a policy blocks it)",
  async (_property, mutate) => {
    expect(await newViolations(mutate(new Mutant(stack)))).toEqual([]);
  },
);
