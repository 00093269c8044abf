import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { HIPAA } from "../../catalog/hipaa";
import { stackPolicy } from "../../lib/define";
import { classifyKeyRef, keyFromDependencies } from "../../lib/kms";
import { asArray, asObject, asString, ofTypes, Props, read, Unknowns } from "../../lib/values";

/** pulumi-aws 7 `Bucket` is 6's `BucketV2`; both tokens exist in states people scan. */
export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;
export const SSE_TYPES = [
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
] as const;
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/**
 * S3 server access logs and load balancer access logs are delivered only to buckets whose default
 * encryption is SSE-S3 (an AWS constraint), so such a bucket may use AES256 when it says so with this
 * tag and something in the stack really writes its logs there.
 */
export const SSE_S3_REASON_TAG = "ephi-guard:sse-s3-reason";
const LOG_DELIVERY = "log-delivery";
const LOG_WRITERS = [
  { types: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"], property: "targetBucket" },
  { types: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"], property: "logging" },
  { types: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"], property: "accessLogs" },
  { types: ["aws:elb/loadBalancer:LoadBalancer"], property: "accessLogs" },
] as const;

/** One encryption rule and where its key reference came from, for resolving unknown keys. */
interface SseRule {
  rule: Props;
  source: PolicyResource;
  keyDependencyProperty: string;
}

function bucketIdsOf(bucket: PolicyResource): string[] {
  return ["id", "bucket"]
    .map((k) => read(() => asString(bucket.props[k])))
    .flatMap((k) => (k.known && k.value ? [k.value] : []));
}

/** The bucket a log writer names: a string (BucketLogging) or an object's targetBucket/bucket. */
function loggedTo(writer: PolicyResource, property: string): string | undefined {
  const v = read(() => {
    const x = writer.props[property];
    return asString(x) ?? asString(asObject(x)?.targetBucket) ?? asString(asObject(x)?.bucket);
  });
  return v.known ? v.value : undefined;
}

/** Every bucket a log writer in the stack targets, by URN (propertyDependencies) and by known name. */
function logTargets(stack: PolicyResource[]): Set<string> {
  const targets = new Set<string>();
  for (const w of LOG_WRITERS) {
    for (const writer of ofTypes(stack, w.types)) {
      for (const d of writer.propertyDependencies[w.property] ?? []) targets.add(d.urn);
      const name = loggedTo(writer, w.property);
      if (name) targets.add(name);
    }
  }
  return targets;
}

/**
 * The SSE configurations of each bucket, indexed once per stack so that a stack of thousands of
 * buckets costs one pass: linked through propertyDependencies, or by a literal bucket name (state files).
 */
export function configsByBucket(configs: PolicyResource[]): (bucket: PolicyResource) => PolicyResource[] {
  const index = new Map<string, PolicyResource[]>();
  const add = (k: string, c: PolicyResource) => {
    const list = index.get(k) ?? [];
    if (!list.includes(c)) list.push(c);
    index.set(k, list);
  };
  for (const c of configs) {
    for (const d of c.propertyDependencies["bucket"] ?? []) add(d.urn, c);
    const name = read(() => asString(c.props.bucket));
    if (name.known && name.value) add(name.value, c);
  }
  return (bucket) => [...new Set([bucket.urn, ...bucketIdsOf(bucket)].flatMap((k) => index.get(k) ?? []))];
}

export function rulesOf(bucket: PolicyResource, configs: PolicyResource[]): SseRule[] {
  const rules: SseRule[] = [];
  for (const c of configs) {
    for (const rule of asArray(c.props.rules)) {
      const r = asObject(rule);
      if (r) rules.push({ rule: r, source: c, keyDependencyProperty: "rules" });
    }
  }
  // legacy inline forms: pulumi-aws 6/7 Bucket `serverSideEncryptionConfiguration.rule`, 6 BucketV2 `...Configurations[].rules[]`
  const inline = asObject(bucket.props.serverSideEncryptionConfiguration);
  const inlineRule = asObject(inline?.rule);
  if (inlineRule)
    rules.push({ rule: inlineRule, source: bucket, keyDependencyProperty: "serverSideEncryptionConfiguration" });
  for (const cfg of asArray(bucket.props.serverSideEncryptionConfigurations)) {
    for (const rule of asArray(asObject(cfg)?.rules)) {
      const r = asObject(rule);
      if (r) rules.push({ rule: r, source: bucket, keyDependencyProperty: "serverSideEncryptionConfigurations" });
    }
  }
  return rules;
}

type SseS3Exception = "none" | "tag-without-writer" | "log-delivery-target" | "unknown";

function sseS3Exception(bucket: PolicyResource, targets: () => Set<string>, unknowns: Unknowns): SseS3Exception {
  const tag = read(() => asString(asObject(bucket.props.tags)?.[SSE_S3_REASON_TAG]));
  if (!tag.known) {
    unknowns.note(tag);
    return "unknown";
  }
  if (tag.value !== LOG_DELIVERY) return "none";
  const t = targets();
  return [bucket.urn, ...bucketIdsOf(bucket)].some((k) => t.has(k)) ? "log-delivery-target" : "tag-without-writer";
}

/** The problem with one rule, or undefined when it encrypts with a customer-managed key. */
function ruleProblem(
  r: SseRule,
  stack: PolicyResource[],
  unknowns: Unknowns,
  sseS3: SseS3Exception,
): string | undefined {
  const byDefault = read(() => asObject(r.rule.applyServerSideEncryptionByDefault));
  if (!byDefault.known) {
    unknowns.note(byDefault);
    return undefined;
  }
  if (!byDefault.value) return "an encryption rule has no applyServerSideEncryptionByDefault";
  const algorithm = read(() => asString(byDefault.value!.sseAlgorithm));
  if (!algorithm.known) {
    unknowns.note(algorithm);
    return undefined;
  }
  if (algorithm.value === "AES256") {
    // an unknown tag was noted: the SDK's preview advisory stands in for the verdict
    if (sseS3 === "log-delivery-target" || sseS3 === "unknown") return undefined;
    const hint =
      sseS3 === "tag-without-writer"
        ? `; the ${SSE_S3_REASON_TAG}=${LOG_DELIVERY} tag excuses only a bucket that a BucketLogging or load balancer in this stack writes logs to`
        : "";
    return `sseAlgorithm AES256 (SSE-S3) uses keys that S3 owns; use aws:kms with the tenant's customer-managed KMS key${hint}`;
  }
  if (!KMS_ALGORITHMS.includes(algorithm.value ?? "")) {
    return `sseAlgorithm ${JSON.stringify(algorithm.value ?? null)} is not aws:kms or aws:kms:dsse`;
  }
  const key = read(() => asString(byDefault.value!.kmsMasterKeyId));
  if (!key.known) {
    // unknown until apply (e.g. key.arn): follow the property's dependencies to the key in this stack
    if (keyFromDependencies(r.source.propertyDependencies[r.keyDependencyProperty])) return undefined;
    unknowns.note(key);
    return undefined;
  }
  if (!key.value)
    return `${algorithm.value} without kmsMasterKeyId uses the AWS-managed key alias/aws/s3; name the tenant's customer-managed key`;
  const ref = classifyKeyRef(key.value, stack);
  if (ref.kind === "aws-managed") return `kmsMasterKeyId ${ref.ref} is an AWS-managed key; use a customer-managed key`;
  return undefined;
}

export const s3EncryptionAtRest = stackPolicy(
  {
    id: "s3-encryption-at-rest-cmk",
    description: "S3 buckets encrypt ePHI at rest with SSE-KMS under a customer-managed KMS key.",
    category: "at-rest",
    hipaa: [HIPAA.encryptionAtRest],
    severity: "critical",
    remediationSteps:
      "Add an aws.s3.BucketServerSideEncryptionConfiguration whose bucket is the bucket's id, with sseAlgorithm aws:kms (or aws:kms:dsse) and kmsMasterKeyId set to the tenant's customer-managed key; or use ephi-guard's EncryptedBucket.",
  },
  {
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const buckets = ofTypes(args.resources, BUCKET_TYPES);
      if (buckets.length === 0) return args.notApplicable("no S3 buckets in the stack");
      const configsOf = configsByBucket(ofTypes(args.resources, SSE_TYPES));
      let targets: Set<string> | undefined;
      const logTargetsOnce = () => (targets ??= logTargets(args.resources));
      const unknowns = new Unknowns();
      for (const bucket of buckets) {
        const rules = rulesOf(bucket, configsOf(bucket));
        if (rules.length === 0) {
          report(
            `bucket ${bucket.name} has no server-side encryption configuration, so S3 applies SSE-S3 with keys it owns; add a BucketServerSideEncryptionConfiguration with a customer-managed KMS key`,
            bucket.urn,
          );
          continue;
        }
        const sseS3 = sseS3Exception(bucket, logTargetsOnce, unknowns);
        for (const r of rules) {
          const problem = ruleProblem(r, args.resources, unknowns, sseS3);
          if (problem) report(`bucket ${bucket.name}: ${problem}`, bucket.urn);
        }
      }
      unknowns.rethrow();
    },
  },
);
