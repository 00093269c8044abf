/**
 * The evidence model: what a run proves about a stack, derived from the run document and the captured resources.
 * Facts about AWS properties are tables (one row per type token); a few generic readers walk them.
 */
import type { RunDocument } from "../report";
import type { EngineResource } from "../resources";
import type { Violation } from "../evaluate";
import { SECRET_SIG, SIG_KEY, UNKNOWN, WireValue } from "../wire";

export const EVIDENCE_SCHEMA_VERSION = 1;
/** Exemptions whose review date falls within this many days are flagged. */
export const REVIEW_WINDOW_DAYS = 30;

/** Where a data store keeps its encryption facts. Paths are dotted, array indexes as numbers. */
interface StoreFacts {
  service: string;
  /** a boolean flag or an algorithm name ("NONE" means off) */
  encryption?: string;
  key?: string;
  tls?: string;
  /** the TLS column when nothing in the stack sets it */
  tlsUnset?: string;
  /** what the service does when the encryption setting is left unset */
  whenUnset: "service-default" | "not-encrypted";
}

/** Data stores that can hold ePHI. pulumi-aws 6 and 7 tokens where they differ. */
const DATA_STORES: Record<string, StoreFacts> = {
  "aws:s3/bucket:Bucket": { service: "S3", tlsUnset: "not required (no bucket policy)", whenUnset: "service-default" },
  "aws:s3/bucketV2:BucketV2": {
    service: "S3",
    tlsUnset: "not required (no bucket policy)",
    whenUnset: "service-default",
  },
  "aws:rds/instance:Instance": {
    service: "RDS",
    encryption: "storageEncrypted",
    key: "kmsKeyId",
    whenUnset: "not-encrypted",
  },
  "aws:rds/cluster:Cluster": {
    service: "Aurora",
    encryption: "storageEncrypted",
    key: "kmsKeyId",
    whenUnset: "not-encrypted",
  },
  "aws:docdb/cluster:Cluster": {
    service: "DocumentDB",
    encryption: "storageEncrypted",
    key: "kmsKeyId",
    whenUnset: "not-encrypted",
  },
  "aws:docdb/elasticCluster:ElasticCluster": {
    service: "DocumentDB elastic",
    key: "kmsKeyId",
    whenUnset: "service-default",
  },
  "aws:neptune/cluster:Cluster": {
    service: "Neptune",
    encryption: "storageEncrypted",
    key: "kmsKeyArn",
    whenUnset: "not-encrypted",
  },
  "aws:redshift/cluster:Cluster": {
    service: "Redshift",
    encryption: "encrypted",
    key: "kmsKeyId",
    whenUnset: "service-default",
  },
  "aws:redshiftserverless/namespace:Namespace": {
    service: "Redshift Serverless",
    key: "kmsKeyId",
    whenUnset: "service-default",
  },
  "aws:memorydb/cluster:Cluster": {
    service: "MemoryDB",
    key: "kmsKeyArn",
    tls: "tlsEnabled",
    whenUnset: "service-default",
  },
  "aws:dax/cluster:Cluster": { service: "DAX", encryption: "serverSideEncryption.enabled", whenUnset: "not-encrypted" },
  "aws:elasticache/serverlessCache:ServerlessCache": {
    service: "ElastiCache Serverless",
    key: "kmsKeyId",
    whenUnset: "service-default",
  },
  "aws:msk/cluster:Cluster": {
    service: "MSK",
    key: "encryptionInfo.encryptionAtRestKmsKeyArn",
    whenUnset: "service-default",
  },
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
    service: "Kinesis Firehose",
    encryption: "serverSideEncryption.enabled",
    key: "serverSideEncryption.keyArn",
    whenUnset: "not-encrypted",
  },
  "aws:timestreamwrite/database:Database": { service: "Timestream", key: "kmsKeyId", whenUnset: "service-default" },
  "aws:cloudtrail/trail:Trail": { service: "CloudTrail", key: "kmsKeyId", whenUnset: "service-default" },
  "aws:fsx/windowsFileSystem:WindowsFileSystem": { service: "FSx", key: "kmsKeyId", whenUnset: "service-default" },
  "aws:fsx/lustreFileSystem:LustreFileSystem": { service: "FSx", key: "kmsKeyId", whenUnset: "service-default" },
  "aws:fsx/ontapFileSystem:OntapFileSystem": { service: "FSx", key: "kmsKeyId", whenUnset: "service-default" },
  "aws:fsx/openZfsFileSystem:OpenZfsFileSystem": { service: "FSx", key: "kmsKeyId", whenUnset: "service-default" },
  "aws:dynamodb/table:Table": {
    service: "DynamoDB",
    encryption: "serverSideEncryption.enabled",
    key: "serverSideEncryption.kmsKeyArn",
    whenUnset: "service-default",
  },
  "aws:ebs/volume:Volume": { service: "EBS", encryption: "encrypted", key: "kmsKeyId", whenUnset: "not-encrypted" },
  "aws:efs/fileSystem:FileSystem": {
    service: "EFS",
    encryption: "encrypted",
    key: "kmsKeyId",
    whenUnset: "not-encrypted",
  },
  "aws:sqs/queue:Queue": {
    service: "SQS",
    encryption: "sqsManagedSseEnabled",
    key: "kmsMasterKeyId",
    whenUnset: "service-default",
  },
  "aws:sns/topic:Topic": { service: "SNS", key: "kmsMasterKeyId", whenUnset: "not-encrypted" },
  "aws:cloudwatch/logGroup:LogGroup": { service: "CloudWatch Logs", key: "kmsKeyId", whenUnset: "service-default" },
  "aws:secretsmanager/secret:Secret": { service: "Secrets Manager", key: "kmsKeyId", whenUnset: "service-default" },
  "aws:kinesis/stream:Stream": {
    service: "Kinesis",
    encryption: "encryptionType",
    key: "kmsKeyId",
    whenUnset: "not-encrypted",
  },
  "aws:backup/vault:Vault": { service: "AWS Backup", key: "kmsKeyArn", whenUnset: "service-default" },
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    service: "ElastiCache",
    encryption: "atRestEncryptionEnabled",
    key: "kmsKeyId",
    tls: "transitEncryptionEnabled",
    whenUnset: "not-encrypted",
  },
  "aws:opensearch/domain:Domain": {
    service: "OpenSearch",
    encryption: "encryptAtRest.enabled",
    key: "encryptAtRest.kmsKeyId",
    tls: "domainEndpointOptions.tlsSecurityPolicy",
    whenUnset: "not-encrypted",
  },
};

/** Resources that configure another one (`target` names the property holding it) and what they add. */
interface AttachmentFacts {
  target: string;
  encryption?: string;
  key?: string;
  /** the TLS-only setting is in force when this property's text contains the marker */
  tlsMarker?: { path: string; contains: string; label: string };
}

const S3_SSE: AttachmentFacts = {
  target: "bucket",
  encryption: "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm",
  key: "rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId",
};
const ATTACHMENTS: Record<string, AttachmentFacts> = {
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": S3_SSE,
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": S3_SSE,
  "aws:s3/bucketPolicy:BucketPolicy": {
    target: "bucket",
    tlsMarker: { path: "policy", contains: "aws:SecureTransport", label: "TLS required by bucket policy" },
  },
};

/** Listeners and endpoints that terminate TLS, and where their protocol, port and TLS policy live. */
interface EndpointFacts {
  service: string;
  protocol?: string;
  port?: string;
  policy: string;
  /** protocols that carry no TLS at all */
  plain?: string[];
}

const LB_LISTENER: EndpointFacts = {
  service: "ALB/NLB listener",
  protocol: "protocol",
  port: "port",
  policy: "sslPolicy",
  plain: ["HTTP", "TCP", "UDP", "TCP_UDP"],
};
const ENDPOINTS: Record<string, EndpointFacts> = {
  "aws:lb/listener:Listener": LB_LISTENER,
  "aws:alb/listener:Listener": LB_LISTENER,
  "aws:cloudfront/distribution:Distribution": {
    service: "CloudFront viewer",
    policy: "viewerCertificate.minimumProtocolVersion",
  },
  "aws:apigateway/domainName:DomainName": { service: "API Gateway domain", policy: "securityPolicy" },
  "aws:apigatewayv2/domainName:DomainName": {
    service: "API Gateway v2 domain",
    policy: "domainNameConfiguration.securityPolicy",
  },
  "aws:opensearch/domain:Domain": { service: "OpenSearch endpoint", policy: "domainEndpointOptions.tlsSecurityPolicy" },
  "aws:transfer/server:Server": { service: "Transfer Family server", policy: "securityPolicyName" },
};

const KEY_TYPES = [
  "aws:kms/key:Key",
  "aws:kms/replicaKey:ReplicaKey",
  "aws:kms/externalKey:ExternalKey",
  "aws:kms/replicaExternalKey:ReplicaExternalKey",
];
const ALIAS_TYPE = "aws:kms/alias:Alias";
const AWS_MANAGED_ALIAS = /^(arn:aws[a-z-]*:kms:[a-z0-9-]*:\d{12}:)?alias\/aws\//;
/** Violations of these categories make a resource part of the inventory even when no table row describes its type. */
const DATA_CATEGORIES = ["at-rest", "exemption"];

export type Status = "pass" | "fail" | "warn";

export interface KeyRef {
  kind: "customer-managed" | "aws-managed" | "service-default" | "external" | "none" | "unknown";
  /** the key's URN when it is in the stack */
  urn?: string;
  /** what the program wrote (ARN, id or alias), or a note */
  ref: string;
}

export interface InventoryEntry {
  urn: string;
  name: string;
  type: string;
  service: string;
  encryption: "encrypted" | "service-default" | "not-encrypted" | "unknown-at-preview" | "not-assessed";
  algorithm: string;
  key: KeyRef;
  tls: string;
  status: Status | "exempt";
  policies: string[];
}

export interface EndpointEntry {
  urn: string;
  name: string;
  type: string;
  service: string;
  protocol: string;
  port: string;
  tlsPolicy: string;
  status: Status | "exempt";
  policies: string[];
}

export interface KeyNode {
  urn: string;
  name: string;
  purpose: string;
  alias: string;
  rotation: string;
  resources: string[];
}

export interface Evidence {
  schemaVersion: typeof EVIDENCE_SCHEMA_VERSION;
  generatedAt: string;
  tool: RunDocument["tool"];
  project: string;
  stack: string;
  mode: RunDocument["mode"];
  gitCommit: string;
  policyPack: { name: string; version: string };
  summary: {
    passed: boolean;
    exitCode: 0 | 1;
    resources: number;
    mandatory: number;
    advisory: number;
    ephiResources: number;
    keys: number;
    endpoints: number;
    exemptions: number;
    exemptionsDueSoon: number;
  };
  hipaaMatrix: { citation: string; policies: string[]; mandatory: number; advisory: number; status: Status }[];
  policyMatrix: {
    name: string;
    category: string;
    hipaa: string[];
    enforcementLevel: string;
    description: string;
    mandatory: number;
    advisory: number;
    status: Status;
  }[];
  inventory: InventoryEntry[];
  keyHierarchy: { tenant: string; environments: { environment: string; keys: KeyNode[] }[] }[];
  tlsBaseline: EndpointEntry[];
  exemptions: {
    /** the register entry's id and the policy it exempts from, when the message names them */
    id: string | null;
    exemptedPolicy: string | null;
    policyName: string;
    resourceUrn: string;
    message: string;
    reviewDate: string | null;
    daysUntilReview: number | null;
    dueSoon: boolean;
    overdue: boolean;
  }[];
  violations: Violation[];
}

type Read = { state: "known"; value: WireValue } | { state: "unset" } | { state: "unknown" };

/** Reads a dotted path through any shape: secrets are unwrapped, the preview sentinel reads as unknown. */
export function readPath(obj: WireValue | undefined, path: string): Read {
  let cur: WireValue | undefined = obj;
  for (const part of path.split(".")) {
    cur = unwrap(cur);
    if (cur === UNKNOWN) return { state: "unknown" };
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else if (isObject(cur)) cur = cur[part];
    else return { state: "unset" };
  }
  cur = unwrap(cur);
  if (cur === UNKNOWN) return { state: "unknown" };
  return cur === undefined || cur === null ? { state: "unset" } : { state: "known", value: cur };
}

function unwrap(v: WireValue | undefined): WireValue | undefined {
  return isObject(v) && v[SIG_KEY] === SECRET_SIG ? v.value : v;
}

function isObject(v: unknown): v is { [k: string]: WireValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function text(r: Read, unset: string): string {
  if (r.state === "unknown") return "unknown at preview";
  if (r.state === "unset") return unset;
  return typeof r.value === "string" ? r.value : JSON.stringify(r.value);
}

function tagOf(r: EngineResource, key: string): string | undefined {
  const v = readPath(r.inputs, `tags.${key}`);
  return v.state === "known" && typeof v.value === "string" ? v.value : undefined;
}

/** The key behind a key property: a literal matched against the stack, or (unknown at preview) its dependency. */
function resolveKey(owner: EngineResource, path: string, stack: EngineResource[]): KeyRef | undefined {
  const value = readPath(owner.inputs, path);
  if (value.state === "unset") return undefined;
  const keys = stack.filter((r) => KEY_TYPES.includes(r.type) || r.type === ALIAS_TYPE);
  const toKey = (r: EngineResource): EngineResource => (r.type === ALIAS_TYPE ? (aliasTarget(r, stack) ?? r) : r);
  if (value.state === "unknown") {
    const deps = owner.propertyDependencies[path.split(".")[0]] ?? [];
    const dep = keys.find((k) => deps.includes(k.urn));
    return dep
      ? { kind: "customer-managed", urn: toKey(dep).urn, ref: "resolved at deploy" }
      : { kind: "unknown", ref: "unknown at preview" };
  }
  const ref = text(value, "");
  if (AWS_MANAGED_ALIAS.test(ref)) return { kind: "aws-managed", ref };
  const match = keys.find((k) =>
    ["arn", "id", "keyId", "name", "targetKeyArn"].some((p) => {
      const v = readPath(k.outputs, p);
      const i = readPath(k.inputs, p);
      return (v.state === "known" && v.value === ref) || (i.state === "known" && i.value === ref) || k.id === ref;
    }),
  );
  return match ? { kind: "customer-managed", urn: toKey(match).urn, ref } : { kind: "external", ref };
}

function aliasTarget(alias: EngineResource, stack: EngineResource[]): EngineResource | undefined {
  const deps = alias.propertyDependencies.targetKeyId ?? [];
  return stack.find((r) => KEY_TYPES.includes(r.type) && deps.includes(r.urn));
}

function isOn(r: Read): boolean | undefined {
  if (r.state !== "known") return undefined;
  if (typeof r.value === "boolean") return r.value;
  // some providers carry booleans as strings (Redshift's encrypted); "NONE" is Kinesis' off
  if (typeof r.value === "string") return !["", "FALSE", "NONE"].includes(r.value.toUpperCase());
  return undefined;
}

/** The register's message: "exemption <id> exempts this resource from <policy> until <YYYY-MM-DD> ...". */
const EXEMPTION_MESSAGE = /exemption (\S+) exempts this resource from (\S+) until (\d{4}-\d{2}-\d{2})/;

/**
 * An exemption in force is a violation of an `exemption` policy naming what it exempts (advisory by default, but a
 * policy config may raise its level); the register's own errors ("exempts nothing") are not exemptions.
 */
const isExemption = (v: Violation) => v.category === "exemption" && EXEMPTION_MESSAGE.test(v.message);

function statusOf(vs: Violation[]): Status | "exempt" {
  if (vs.some((v) => v.enforcementLevel === "mandatory" && !isExemption(v))) return "fail";
  if (vs.some(isExemption)) return "exempt";
  return vs.length ? "warn" : "pass";
}

function inventoryEntry(
  r: EngineResource,
  stack: EngineResource[],
  violationsOn: (urn: string) => Violation[],
): InventoryEntry {
  const facts = DATA_STORES[r.type];
  const attached = stack.filter(
    (a) => ATTACHMENTS[a.type] && (a.propertyDependencies[ATTACHMENTS[a.type].target] ?? []).includes(r.urn),
  );
  const st: { encryption: InventoryEntry["encryption"]; algorithm: string; key?: KeyRef; tls: string } = facts
    ? facts.whenUnset === "service-default"
      ? { encryption: "service-default", algorithm: "", tls: facts.tlsUnset ?? "-" }
      : { encryption: "not-encrypted", algorithm: "", tls: facts.tlsUnset ?? "-" }
    : { encryption: "not-assessed", algorithm: "", tls: "-" };
  const apply = (owner: EngineResource, encPath?: string, keyPath?: string) => {
    if (encPath) {
      const e = readPath(owner.inputs, encPath);
      const on = isOn(e);
      if (e.state === "unknown") Object.assign(st, { encryption: "unknown-at-preview", algorithm: "" });
      else if (on === true)
        Object.assign(st, {
          encryption: "encrypted",
          algorithm: e.state === "known" && typeof e.value === "string" ? e.value : "enabled",
        });
      else if (on === false) Object.assign(st, { encryption: "not-encrypted", algorithm: "" });
    }
    const k = keyPath ? resolveKey(owner, keyPath, stack) : undefined;
    if (!k) return;
    st.key = k;
    // a key setting alone (SNS, Logs, Secrets Manager) means KMS encryption
    if (!encPath && st.encryption !== "unknown-at-preview")
      Object.assign(st, { encryption: "encrypted", algorithm: "KMS" });
  };
  if (facts) {
    apply(r, facts.encryption, facts.key);
    if (facts.tls) st.tls = text(readPath(r.inputs, facts.tls), "not set");
  }
  for (const a of attached) {
    const f = ATTACHMENTS[a.type];
    apply(a, f.encryption, f.key);
    if (f.tlsMarker) {
      const m = readPath(a.inputs, f.tlsMarker.path);
      st.tls =
        m.state === "unknown"
          ? "bucket policy unknown at preview"
          : text(m, "").includes(f.tlsMarker.contains)
            ? f.tlsMarker.label
            : "not required";
    }
  }
  const defaultKey: KeyRef =
    st.encryption === "service-default"
      ? { kind: "service-default", ref: "AWS-owned or AWS-managed key" }
      : st.encryption === "not-encrypted"
        ? { kind: "none", ref: "none" }
        : st.encryption === "encrypted" && /kms/i.test(st.algorithm)
          ? { kind: "aws-managed", ref: "AWS-managed key (no key set)" }
          : st.encryption === "encrypted"
            ? { kind: "service-default", ref: "keys the service owns" }
            : { kind: "unknown", ref: st.encryption === "not-assessed" ? "not assessed" : "unknown at preview" };
  const vs = [r, ...attached].flatMap((x) => violationsOn(x.urn));
  return {
    urn: r.urn,
    name: r.name,
    type: r.type,
    service: facts?.service ?? "(flagged by policy)",
    encryption: st.encryption,
    algorithm: st.algorithm,
    key: st.key ?? defaultKey,
    tls: st.tls,
    status: statusOf(vs),
    policies: [...new Set(vs.map((v) => v.policyName))],
  };
}

function endpointEntry(r: EngineResource, violationsOn: (urn: string) => Violation[]): EndpointEntry {
  const f = ENDPOINTS[r.type];
  const protocol = f.protocol ? text(readPath(r.inputs, f.protocol), "default") : "HTTPS";
  const plain = (f.plain ?? []).includes(protocol.toUpperCase());
  const vs = violationsOn(r.urn);
  return {
    urn: r.urn,
    name: r.name,
    type: r.type,
    service: f.service,
    protocol,
    port: f.port ? text(readPath(r.inputs, f.port), "default") : "443",
    tlsPolicy: plain ? "none (no TLS)" : text(readPath(r.inputs, f.policy), "AWS default"),
    status: statusOf(vs),
    policies: [...new Set(vs.map((v) => v.policyName))],
  };
}

function keyHierarchy(stack: EngineResource[], inventory: InventoryEntry[]): Evidence["keyHierarchy"] {
  const tenants = new Map<string, Map<string, KeyNode[]>>();
  const place = (tenant: string, env: string, node: KeyNode) => {
    const envs = tenants.get(tenant) ?? tenants.set(tenant, new Map()).get(tenant)!;
    (envs.get(env) ?? envs.set(env, []).get(env)!).push(node);
  };
  for (const k of stack.filter((r) => KEY_TYPES.includes(r.type))) {
    const alias = stack.find((a) => a.type === ALIAS_TYPE && aliasTarget(a, stack) === k);
    const rotation = readPath(k.inputs, "enableKeyRotation");
    const period = readPath(k.inputs, "rotationPeriodInDays");
    place(tagOf(k, "tenant") ?? "(untagged)", tagOf(k, "environment") ?? "(untagged)", {
      urn: k.urn,
      name: k.name,
      purpose: tagOf(k, "purpose") ?? "(untagged)",
      alias: alias ? text(readPath(alias.inputs, "name"), alias.name) : "(no alias)",
      rotation: isOn(rotation)
        ? `every ${text(period, "365")} days`
        : rotation.state === "unknown"
          ? "unknown at preview"
          : "off",
      resources: inventory.filter((e) => e.key.urn === k.urn).map((e) => e.urn),
    });
  }
  // keys that are not this stack's: AWS-managed, service defaults and external ARNs
  for (const kind of ["aws-managed", "service-default", "external"] as const) {
    const users = inventory.filter((e) => e.key.kind === kind);
    if (users.length) {
      place("(outside this stack)", kind, {
        urn: "",
        name: users[0].key.ref,
        purpose: kind,
        alias: "",
        rotation: "managed by AWS",
        resources: users.map((e) => e.urn),
      });
    }
  }
  return [...tenants].map(([tenant, envs]) => ({
    tenant,
    environments: [...envs].map(([environment, keys]) => ({ environment, keys })),
  }));
}

/** Days from `now` to a YYYY-MM-DD date (UTC midnight), negative when past. */
function daysUntil(date: string, now: Date): number | null {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) return null;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((t - today) / 86_400_000);
}

/** Soonest review first; entries without a date (which the register refuses) last. */
function exemptions(violations: Violation[], now: Date): Evidence["exemptions"] {
  return violations
    .filter(isExemption)
    .map((v) => {
      const m = EXEMPTION_MESSAGE.exec(v.message);
      const date = m?.[3] ?? /\b(\d{4}-\d{2}-\d{2})\b/.exec(v.message)?.[1] ?? null;
      const days = date ? daysUntil(date, now) : null;
      return {
        id: m?.[1] ?? null,
        exemptedPolicy: m?.[2] ?? null,
        policyName: v.policyName,
        resourceUrn: v.resourceUrn,
        message: v.message,
        reviewDate: days === null ? null : date,
        daysUntilReview: days,
        dueSoon: days !== null && days >= 0 && days <= REVIEW_WINDOW_DAYS,
        overdue: days !== null && days < 0,
      };
    })
    .sort((a, b) => (a.daysUntilReview ?? Infinity) - (b.daysUntilReview ?? Infinity));
}

function count(vs: Violation[]) {
  const mandatory = vs.filter((v) => v.enforcementLevel === "mandatory").length;
  const advisory = vs.filter((v) => v.enforcementLevel === "advisory").length;
  const status: Status = mandatory ? "fail" : advisory ? "warn" : "pass";
  return { mandatory, advisory, status };
}

export function buildEvidence(
  doc: RunDocument,
  resources: EngineResource[],
  meta: { gitCommit: string; now: Date },
): Evidence {
  const byUrn = new Map<string, Violation[]>();
  for (const v of doc.violations) byUrn.set(v.resourceUrn, [...(byUrn.get(v.resourceUrn) ?? []), v]);
  const violationsOn = (urn: string) => byUrn.get(urn) ?? [];
  // by URN, so the evidence of one stack diffs cleanly from run to run whatever the registration order
  const custom = resources.filter((r) => r.custom).sort((a, b) => a.urn.localeCompare(b.urn));
  // data stores, and whatever an at-rest or exemption policy speaks about (keys have their own section)
  const ephi = custom.filter(
    (r) =>
      DATA_STORES[r.type] ||
      (!KEY_TYPES.includes(r.type) &&
        !ATTACHMENTS[r.type] &&
        violationsOn(r.urn).some((v) => DATA_CATEGORIES.includes(v.category))),
  );
  const inventory = ephi.map((r) => inventoryEntry(r, custom, violationsOn));
  const tlsBaseline = custom.filter((r) => ENDPOINTS[r.type]).map((r) => endpointEntry(r, violationsOn));
  const exempt = exemptions(doc.violations, meta.now);
  const citations = [...new Set(doc.policyPack.policies.flatMap((p) => p.hipaa))].sort();
  return {
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    generatedAt: meta.now.toISOString(),
    tool: doc.tool,
    project: doc.project,
    stack: doc.stack,
    mode: doc.mode,
    gitCommit: meta.gitCommit,
    policyPack: { name: doc.policyPack.name, version: doc.policyPack.version },
    summary: {
      passed: doc.summary.passed,
      exitCode: doc.summary.exitCode,
      resources: doc.summary.resources,
      mandatory: doc.summary.mandatory,
      advisory: doc.summary.advisory,
      ephiResources: inventory.length,
      keys: custom.filter((r) => KEY_TYPES.includes(r.type)).length,
      endpoints: tlsBaseline.length,
      exemptions: exempt.length,
      exemptionsDueSoon: exempt.filter((e) => e.dueSoon || e.overdue).length,
    },
    hipaaMatrix: citations.map((citation) => {
      const policies = doc.policyPack.policies.filter((p) => p.hipaa.includes(citation)).map((p) => p.name);
      return { citation, policies, ...count(doc.violations.filter((v) => policies.includes(v.policyName))) };
    }),
    policyMatrix: doc.policyPack.policies.map((p) => ({
      ...p,
      ...count(doc.violations.filter((v) => v.policyName === p.name)),
    })),
    inventory,
    keyHierarchy: keyHierarchy(custom, inventory),
    tlsBaseline,
    exemptions: exempt,
    violations: doc.violations,
  };
}
