/**
 * A deterministic corpus of engine-shaped resources of the types the pack covers, half of them
 * insecure, wired with the propertyDependencies a real program would produce.
 */
import { defaultOptions, EngineResource } from "../engine/src/resources";
import { UNKNOWN, WireObject } from "../engine/src/wire";

const STACK = "bench";
const PROJECT = "bench";
const stackUrn = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;
const providerUrn = `urn:pulumi:${STACK}::${PROJECT}::pulumi:providers:aws::default_7_48_0`;

function res(type: string, name: string, inputs: WireObject, deps: Record<string, string[]> = {}): EngineResource {
  return {
    urn: `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`,
    type,
    name,
    custom: true,
    id: "",
    parent: stackUrn,
    provider: `${providerUrn}::${UNKNOWN}`,
    dependencies: [...new Set(Object.values(deps).flat())],
    propertyDependencies: deps,
    options: defaultOptions(),
    inputs,
    outputs: inputs,
  };
}

/** One group of related resources; `i` picks secure or insecure variants. */
function group(i: number): EngineResource[] {
  const secure = i % 2 === 0;
  const key = res("aws:kms/key:Key", `key-${i}`, {
    enableKeyRotation: secure,
    deletionWindowInDays: secure ? 30 : 7,
    description: `tenant ${i % 17} data key`,
    tags: { tenant: `t${i % 17}`, environment: "dev", purpose: "data" },
  });
  const bucket = res("aws:s3/bucket:Bucket", `bucket-${i}`, { tags: { tenant: `t${i % 17}`, environment: "dev" } });
  const sse = res(
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    `bucket-${i}-sse`,
    {
      bucket: UNKNOWN,
      rules: [
        {
          applyServerSideEncryptionByDefault: secure
            ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN }
            : { sseAlgorithm: "AES256" },
          bucketKeyEnabled: secure,
        },
      ],
    },
    { bucket: [bucket.urn], ...(secure ? { rules: [key.urn] } : {}) },
  );
  const listener = res("aws:lb/listener:Listener", `listener-${i}`, {
    loadBalancerArn: UNKNOWN,
    port: 443,
    protocol: "HTTPS",
    sslPolicy: secure ? "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" : "ELBSecurityPolicy-TLS13-1-0-2021-06",
    defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }],
  });
  const volume = res(
    "aws:ebs/volume:Volume",
    `volume-${i}`,
    {
      availabilityZone: "us-east-1a",
      size: 20,
      encrypted: secure,
      ...(secure ? { kmsKeyId: UNKNOWN } : {}),
    },
    secure ? { kmsKeyId: [key.urn] } : {},
  );
  const queue = res(
    "aws:sqs/queue:Queue",
    `queue-${i}`,
    secure ? { kmsMasterKeyId: UNKNOWN } : {},
    secure ? { kmsMasterKeyId: [key.urn] } : {},
  );
  const logs = res(
    "aws:cloudwatch/logGroup:LogGroup",
    `logs-${i}`,
    { retentionInDays: 365, ...(secure ? { kmsKeyId: UNKNOWN } : {}) },
    secure ? { kmsKeyId: [key.urn] } : {},
  );
  const db = res(
    "aws:rds/instance:Instance",
    `db-${i}`,
    {
      engine: "postgres",
      instanceClass: "db.t4g.micro",
      storageEncrypted: secure,
      ...(secure ? { kmsKeyId: UNKNOWN } : {}),
    },
    secure ? { kmsKeyId: [key.urn] } : {},
  );
  return [key, bucket, sse, listener, volume, queue, logs, db];
}

export const GROUP_SIZE = group(0).length;

/** `count` resources (rounded up to whole groups), with the Stack and default provider first. */
export function corpus(count: number): EngineResource[] {
  const stack: EngineResource = {
    ...res("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`, {}),
    urn: stackUrn,
    custom: false,
    parent: "",
    provider: "",
  };
  const provider: EngineResource = {
    ...res("pulumi:providers:aws", "default_7_48_0", { region: "us-east-1", version: "7.48.0" }),
    urn: providerUrn,
    parent: "",
    provider: "",
  };
  const out = [stack, provider];
  for (let i = 0; out.length < count; i++) out.push(...group(i));
  return out.slice(0, Math.max(count, 2));
}
