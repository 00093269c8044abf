import { assertBucketPrefix } from "./encrypted-bucket";
import { DatabaseEngine } from "./encrypted-database";
import { LOG_RETENTION_DAYS } from "./key-audit-trail";
import { assertLabel } from "./tags";
import { CERTIFICATE_KEY_ALGORITHMS, LISTENER_TLS_POLICIES, ListenerTlsProfile } from "./tls-load-balancer";
import { ClinicPlatformArgs, ExistingNetwork } from "./clinic-platform";

/** Commercial AWS regions with AWS Backup cross-region copy; the value is the default copy region. */
export const REGION_COPY_DEFAULTS: Readonly<Record<string, string>> = {
  "us-east-1": "us-west-2",
  "us-east-2": "us-west-2",
  "us-west-1": "us-east-1",
  "us-west-2": "us-east-1",
  "ca-central-1": "us-east-1",
  "eu-west-1": "eu-central-1",
  "eu-west-2": "eu-west-1",
  "eu-central-1": "eu-west-1",
  "ap-southeast-1": "ap-southeast-2",
  "ap-southeast-2": "ap-southeast-1",
  "ap-northeast-1": "ap-northeast-3",
  "ap-northeast-3": "ap-northeast-1",
};

/**
 * Reads the clinic stack config (keys without namespace; `aws:region` as "aws:region") and fails at program start
 * with the key name for any bad value. Keys (namespace `ephi-clinic:`):
 * - `tenant` (required): 1-32 lower-case letters, digits, hyphens; with `environment` at most 35 characters
 *   (bucket name prefix `<tenant>-<environment>-`, 37 characters).
 * - `environment` (required): same format.
 * - `copyRegion`: region of the locked backup copy; default from {@link REGION_COPY_DEFAULTS}.
 * - `domainName`: host name of the site; default `<environment>.<tenant>.clinic.example.com`.
 * - `keyAdministratorArns`, `keyUserArns`: lists of IAM role/user ARNs (no overlap); defaults: the deploying
 *   identity administers, the account root (delegated to IAM, only via each purpose's services) uses.
 * - `keyRotationDays`: 90..2560, default 365.
 * - `databaseEngine`: `postgres` | `aurora-postgresql`, default `postgres`.
 * - `databaseInstanceClass`: default `db.t4g.medium`.
 * - `databaseBackupRetentionDays`: 1..35, default 35.
 * - `databaseMultiAz`: boolean, default true.
 * - `tlsProfile`: one of {@link LISTENER_TLS_POLICIES}' keys, default `tls12-restricted`.
 * - `certificateKeyAlgorithm`: `EC_prime256v1` | `RSA_2048`, default `EC_prime256v1`.
 * - `auditLogRetentionDays`: a CloudWatch Logs retention value, default 2192.
 * - `auditObjectLockYears`: 1..100, default 6.
 * - `accountBaseline`: boolean, default true (EBS default encryption and S3 account public access block).
 * - `network`: object `{vpcId, publicSubnetIds, privateSubnetIds}` to use an existing VPC; default a new VPC.
 */
export function loadClinicConfig(get: (key: string) => string | undefined): ClinicPlatformArgs {
  const region = get("aws:region");
  if (!region || !(region in REGION_COPY_DEFAULTS)) {
    throw configError("aws:region", region, `must be one of ${Object.keys(REGION_COPY_DEFAULTS).join(", ")}`);
  }
  const tenant = required(get, "tenant");
  const environment = required(get, "environment");
  wrap("tenant", tenant, () => assertLabel("tenant", tenant));
  wrap("environment", environment, () => assertLabel("environment", environment));
  wrap("tenant", tenant, () => assertBucketPrefix(tenant, environment));

  const copyRegion = get("copyRegion") ?? REGION_COPY_DEFAULTS[region];
  if (!(copyRegion in REGION_COPY_DEFAULTS) || copyRegion === region) {
    throw configError("copyRegion", copyRegion, `must be a supported region other than ${region}`);
  }
  const tlsProfile = oneOf(get, "tlsProfile", Object.keys(LISTENER_TLS_POLICIES)) as ListenerTlsProfile | undefined;
  const certificateKeyAlgorithm = oneOf(get, "certificateKeyAlgorithm", CERTIFICATE_KEY_ALGORITHMS) as
    | (typeof CERTIFICATE_KEY_ALGORITHMS)[number]
    | undefined;
  const databaseEngine = oneOf(get, "databaseEngine", ["postgres", "aurora-postgresql"]) as DatabaseEngine | undefined;
  const auditLogRetentionDays = integer(get, "auditLogRetentionDays", 1, 3653);
  if (
    auditLogRetentionDays !== undefined &&
    !(LOG_RETENTION_DAYS as readonly number[]).includes(auditLogRetentionDays)
  ) {
    throw configError(
      "auditLogRetentionDays",
      String(auditLogRetentionDays),
      `must be one of ${LOG_RETENTION_DAYS.join(", ")}`,
    );
  }
  return {
    tenant,
    environment,
    region,
    copyRegion,
    domainName: get("domainName"),
    keyAdministratorArns: arnList(get, "keyAdministratorArns"),
    keyUserArns: arnList(get, "keyUserArns"),
    keyRotationDays: integer(get, "keyRotationDays", 90, 2560),
    databaseEngine,
    databaseInstanceClass: get("databaseInstanceClass"),
    databaseBackupRetentionDays: integer(get, "databaseBackupRetentionDays", 1, 35),
    databaseMultiAz: boolean(get, "databaseMultiAz"),
    tlsProfile,
    certificateKeyAlgorithm,
    auditLogRetentionDays: auditLogRetentionDays as (typeof LOG_RETENTION_DAYS)[number] | undefined,
    auditObjectLockYears: integer(get, "auditObjectLockYears", 1, 100),
    accountBaseline: boolean(get, "accountBaseline"),
    network: network(get),
  };
}

function configError(key: string, value: string | undefined, problem: string): Error {
  const name = key.includes(":") ? key : `ephi-clinic:${key}`;
  return new Error(`Invalid stack config ${name} ${JSON.stringify(value ?? null)}: ${problem}`);
}

function wrap(key: string, value: string, check: () => void): void {
  try {
    check();
  } catch (e) {
    throw configError(key, value, (e as Error).message.replace(/^Invalid [^:]*: /, ""));
  }
}

function required(get: (key: string) => string | undefined, key: string): string {
  const v = get(key);
  if (v === undefined || v === "") throw configError(key, v, "is required");
  return v;
}

function oneOf(get: (key: string) => string | undefined, key: string, allowed: readonly string[]): string | undefined {
  const v = get(key);
  if (v !== undefined && !allowed.includes(v)) throw configError(key, v, `must be one of ${allowed.join(", ")}`);
  return v;
}

function integer(get: (key: string) => string | undefined, key: string, min: number, max: number): number | undefined {
  const v = get(key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) throw configError(key, v, `must be an integer between ${min} and ${max}`);
  return n;
}

function boolean(get: (key: string) => string | undefined, key: string): boolean | undefined {
  const v = get(key);
  if (v === undefined) return undefined;
  if (v !== "true" && v !== "false") throw configError(key, v, "must be true or false");
  return v === "true";
}

function arnList(get: (key: string) => string | undefined, key: string): string[] | undefined {
  const v = get(key);
  if (v === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    parsed = undefined;
  }
  const iamArn = /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/.+|user\/.+)$/;
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((a) => typeof a === "string" && iamArn.test(a))) {
    throw configError(key, v, "must be a non-empty list of IAM principal ARNs (arn:aws:iam::<account>:role/...)");
  }
  return parsed as string[];
}

function network(get: (key: string) => string | undefined): ExistingNetwork | undefined {
  const v = get("network");
  if (v === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    throw configError("network", v, "must be an object {vpcId, publicSubnetIds, privateSubnetIds}");
  }
  const n = parsed as Partial<ExistingNetwork>;
  const ids = (x: unknown) =>
    Array.isArray(x) && x.length >= 2 && x.every((s) => typeof s === "string" && /^subnet-/.test(s));
  if (typeof n?.vpcId !== "string" || !/^vpc-/.test(n.vpcId) || !ids(n.publicSubnetIds) || !ids(n.privateSubnetIds)) {
    throw configError(
      "network",
      v,
      "needs vpcId (vpc-...) and two or more publicSubnetIds and privateSubnetIds (subnet-...)",
    );
  }
  return n as ExistingNetwork;
}
