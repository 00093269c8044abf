import { tlsPoliciesOf } from "../../../policies/src/catalog/tls-policies";
import { documentdbTls } from "../../../policies/src/rules/in-transit/documentdb-tls";
import { neptuneTls } from "../../../policies/src/rules/in-transit/neptune-tls";
import { rdsTls } from "../../../policies/src/rules/in-transit/rds-tls";
import { redshiftTls } from "../../../policies/src/rules/in-transit/redshift-tls";
import { resourcePolicySecureTransport } from "../../../policies/src/rules/in-transit/resource-policy-secure-transport";
import { s3TlsVersion } from "../../../policies/src/rules/in-transit/s3-tls-version";
import { analyzeStack, outcome, resource, UNKNOWN } from "../../harness/policy-harness";

const params = (p: Record<string, string>) => Object.entries(p).map(([name, value]) => ({ name, value }));
const PG = "aws:rds/parameterGroup:ParameterGroup";
const CPG = "aws:rds/clusterParameterGroup:ClusterParameterGroup";

describe("rds-tls-enforced", () => {
  const pgGroup = (p: Record<string, string>) =>
    resource(PG, "pg", { name: UNKNOWN, family: "postgres16", parameters: params(p) });
  const instance = (engine: unknown, group?: ReturnType<typeof resource>, literal?: string) =>
    resource(
      "aws:rds/instance:Instance",
      "db",
      {
        engine: engine as string,
        ...(group ? { parameterGroupName: UNKNOWN } : literal ? { parameterGroupName: literal } : {}),
      },
      group ? { parameterGroupName: [group] } : {},
    );

  test("compliant: PostgreSQL with rds.force_ssl=1, linked through dependencies", async () => {
    const g = pgGroup({ "rds.force_ssl": "1" });
    expect(outcome(await analyzeStack(rdsTls, [g, instance("postgres", g)]))).toEqual({
      violations: [],
      unknownAtPreview: false,
      notApplicable: false,
    });
  });
  test("compliant: Aurora MySQL cluster with require_secure_transport and TLS 1.2+ only, linked by name", async () => {
    const g = resource(CPG, "cpg", {
      name: "secure-mysql",
      parameters: params({ require_secure_transport: "ON", tls_version: "TLSv1.2,TLSv1.3" }),
    });
    const c = resource("aws:rds/cluster:Cluster", "aurora", {
      engine: "aurora-mysql",
      dbClusterParameterGroupName: "secure-mysql",
    });
    expect(outcome(await analyzeStack(rdsTls, [g, c])).violations).toEqual([]);
  });
  test.each([
    [
      "no parameter group (engine default)",
      () => [instance("postgres")],
      /default parameter group applies and does not enforce TLS/,
    ],
    [
      "a default.* group by name",
      () => [instance("mysql", undefined, "default.mysql8.0")],
      /default.mysql8.0 is a default parameter group/,
    ],
    [
      "a group outside the stack",
      () => [instance("postgres", undefined, "shared-pg")],
      /shared-pg is not in this stack/,
    ],
    [
      "force_ssl=0",
      () => {
        const g = pgGroup({ "rds.force_ssl": "0" });
        return [g, instance("postgres", g)];
      },
      /rds.force_ssl is "0"/,
    ],
    [
      "PostgreSQL minimum TLSv1.1",
      () => {
        const g = pgGroup({ "rds.force_ssl": "1", ssl_min_protocol_version: "TLSv1.1" });
        return [g, instance("postgres", g)];
      },
      /ssl_min_protocol_version is "TLSv1.1"/,
    ],
    [
      "MySQL allowing TLSv1.1",
      () => {
        const g = pgGroup({ require_secure_transport: "1", tls_version: "TLSv1.1,TLSv1.2" });
        return [g, instance("mysql", g)];
      },
      /tls_version is "TLSv1.1,TLSv1.2"/,
    ],
    [
      "SQL Server without rds.tls10 disabled",
      () => {
        const g = pgGroup({ "rds.force_ssl": "1", "rds.tls11": "disabled" });
        return [g, instance("sqlserver-se", g)];
      },
      /rds.tls10 is not set/,
    ],
    ["Oracle (option group, not verifiable)", () => [instance("oracle-ee")], /cannot verify it/],
  ])("non-compliant: %s", async (_n, build, message) => {
    expect(outcome(await analyzeStack(rdsTls, build())).violations).toEqual([expect.stringMatching(message)]);
  });
  test("not applicable: no databases", async () => {
    expect(outcome(await analyzeStack(rdsTls, [pgGroup({})])).notApplicable).toBe(true);
  });
  test("unknown at preview: definite violations first, then the advisory", async () => {
    const open = instance("postgres");
    const unknownGroup = resource("aws:rds/instance:Instance", "db2", {
      engine: "postgres",
      parameterGroupName: UNKNOWN,
    });
    const o = outcome(await analyzeStack(rdsTls, [open, unknownGroup]));
    expect(o.violations).toEqual([expect.stringMatching(/^.*db: parameterGroupName is not set/s)]);
    expect(o.unknownAtPreview).toBe(true);
  });
  test("wrong shapes never throw", async () => {
    const g = resource(PG, "pg", { parameters: ["x", 3, { name: 5 }] as never });
    const o = outcome(await analyzeStack(rdsTls, [g, instance(7, g)]));
    expect(o.violations).toHaveLength(1);
  });
});

describe("redshift-require-ssl", () => {
  const group = (v?: string) =>
    resource("aws:redshift/parameterGroup:ParameterGroup", "rs", { parameters: v ? params({ require_ssl: v }) : [] });
  const cluster = (g?: ReturnType<typeof resource>) =>
    resource(
      "aws:redshift/cluster:Cluster",
      "warehouse",
      g ? { clusterParameterGroupName: UNKNOWN } : {},
      g ? { clusterParameterGroupName: [g] } : {},
    );
  test("compliant", async () => {
    const g = group("true");
    expect(outcome(await analyzeStack(redshiftTls, [g, cluster(g)])).violations).toEqual([]);
  });
  test.each([
    ["default group", () => [cluster()], /default parameter group/],
    [
      "require_ssl false",
      () => {
        const g = group("false");
        return [g, cluster(g)];
      },
      /require_ssl=false/,
    ],
    [
      "require_ssl unset",
      () => {
        const g = group();
        return [g, cluster(g)];
      },
      /require_ssl=unset/,
    ],
  ])("non-compliant: %s", async (_n, build, message) => {
    expect(outcome(await analyzeStack(redshiftTls, build())).violations).toEqual([expect.stringMatching(message)]);
  });
  test("not applicable / unknown at preview", async () => {
    expect(outcome(await analyzeStack(redshiftTls, [])).notApplicable).toBe(true);
    const c = resource("aws:redshift/cluster:Cluster", "w", { clusterParameterGroupName: UNKNOWN });
    expect(outcome(await analyzeStack(redshiftTls, [c])).unknownAtPreview).toBe(true);
  });
});

describe("documentdb-tls", () => {
  const GROUP = "aws:docdb/clusterParameterGroup:ClusterParameterGroup";
  const build = (tls?: string) => {
    const g = resource(GROUP, "docdb-params", { parameters: tls ? params({ tls }) : [] });
    return [
      g,
      resource(
        "aws:docdb/cluster:Cluster",
        "docs",
        { dbClusterParameterGroupName: UNKNOWN },
        { dbClusterParameterGroupName: [g] },
      ),
    ];
  };
  test.each(tlsPoliciesOf("documentdb").map((e) => [e.name, e.verdict]))(
    "catalogue value tls=%s is %s",
    async (value, verdict) => {
      expect(outcome(await analyzeStack(documentdbTls, build(value))).violations).toHaveLength(
        verdict === "weak" ? 1 : 0,
      );
    },
  );
  test("non-compliant: no group or no tls parameter keeps tls=enabled (TLS 1.0)", async () => {
    const bare = resource("aws:docdb/cluster:Cluster", "docs", {});
    expect(outcome(await analyzeStack(documentdbTls, [bare])).violations).toEqual([
      expect.stringMatching(/not set, so AWS applies enabled is weak/),
    ]);
    expect(outcome(await analyzeStack(documentdbTls, build())).violations).toHaveLength(1);
  });
  test("not applicable / unknown at preview", async () => {
    expect(outcome(await analyzeStack(documentdbTls, [])).notApplicable).toBe(true);
    const c = resource("aws:docdb/cluster:Cluster", "d", { dbClusterParameterGroupName: UNKNOWN });
    expect(outcome(await analyzeStack(documentdbTls, [c])).unknownAtPreview).toBe(true);
  });
});

describe("neptune-tls", () => {
  const build = (p: Record<string, string>) => {
    const g = resource("aws:neptune/clusterParameterGroup:ClusterParameterGroup", "np", { parameters: params(p) });
    return [
      g,
      resource(
        "aws:neptune/cluster:Cluster",
        "graph",
        { neptuneClusterParameterGroupName: UNKNOWN },
        { neptuneClusterParameterGroupName: [g] },
      ),
    ];
  };
  test("compliant: default enforcement, explicit 1", async () => {
    expect(
      outcome(await analyzeStack(neptuneTls, [resource("aws:neptune/cluster:Cluster", "g", {})])).violations,
    ).toEqual([]);
    expect(outcome(await analyzeStack(neptuneTls, build({ neptune_enforce_ssl: "1" }))).violations).toEqual([]);
  });
  test("non-compliant: neptune_enforce_ssl=0", async () => {
    expect(outcome(await analyzeStack(neptuneTls, build({ neptune_enforce_ssl: "0" }))).violations).toEqual([
      expect.stringMatching(/neptune_enforce_ssl=0/),
    ]);
  });
  test("not applicable / unknown at preview", async () => {
    expect(outcome(await analyzeStack(neptuneTls, [])).notApplicable).toBe(true);
    const g = resource("aws:neptune/clusterParameterGroup:ClusterParameterGroup", "np", { parameters: UNKNOWN });
    const c = resource("aws:neptune/cluster:Cluster", "graph", {}, { neptuneClusterParameterGroupName: [g] });
    expect(outcome(await analyzeStack(neptuneTls, [g, c])).unknownAtPreview).toBe(true);
  });
});

describe("resource-policy-deny-insecure-transport and s3-deny-tls-below-1-2", () => {
  const deny = (action: string, extra: object = {}) => ({
    Effect: "Deny",
    Principal: "*",
    Action: action,
    Resource: "*",
    Condition: { Bool: { "aws:SecureTransport": "false" } },
    ...extra,
  });
  const tlsFloor = {
    Effect: "Deny",
    Principal: { AWS: "*" },
    Action: "s3:*",
    Resource: "*",
    Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
  };
  const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
  const bucket = resource("aws:s3/bucket:Bucket", "docs", { bucket: UNKNOWN });

  test("compliant: a BucketPolicy linked by dependency; queue, topic and file system policies", async () => {
    const bp = resource(
      "aws:s3/bucketPolicy:BucketPolicy",
      "docs-policy",
      { bucket: UNKNOWN, policy: doc(deny("s3:*"), tlsFloor) },
      { bucket: [bucket] },
    );
    const queue = resource("aws:sqs/queue:Queue", "jobs", { policy: doc(deny("sqs:*")) });
    const topic = resource("aws:sns/topic:Topic", "alerts", { arn: "arn:aws:sns:us-east-1:1:alerts" });
    const tp = resource("aws:sns/topicPolicy:TopicPolicy", "alerts-policy", {
      arn: "arn:aws:sns:us-east-1:1:alerts",
      policy: doc(deny("SNS:*")),
    });
    const fs = resource("aws:efs/fileSystem:FileSystem", "share", {});
    const fsp = resource(
      "aws:efs/fileSystemPolicy:FileSystemPolicy",
      "share-policy",
      { fileSystemId: UNKNOWN, policy: doc(deny("*")) },
      { fileSystemId: [fs] },
    );
    const all = [bucket, bp, queue, topic, tp, fs, fsp];
    expect(outcome(await analyzeStack(resourcePolicySecureTransport, all))).toEqual({
      violations: [],
      unknownAtPreview: false,
      notApplicable: false,
    });
    expect(outcome(await analyzeStack(s3TlsVersion, all)).violations).toEqual([]);
  });
  test.each([
    ["no policy at all", [], /S3 bucket docs has no resource policy statement/],
    ["Allow instead of Deny", [doc(deny("s3:*", { Effect: "Allow" }))], /S3 bucket docs/],
    ["only some actions", [doc(deny("s3:GetObject"))], /S3 bucket docs/],
    [
      "SecureTransport true",
      [doc(deny("s3:*", { Condition: { Bool: { "aws:SecureTransport": "true" } } }))],
      /S3 bucket docs/,
    ],
    ["not JSON", ["{oops"], /S3 bucket docs/],
  ])("non-compliant: %s", async (_n, docs, message) => {
    const policies = docs.map((d, i) =>
      resource("aws:s3/bucketPolicy:BucketPolicy", `p${i}`, { policy: d }, { bucket: [bucket] }),
    );
    expect(outcome(await analyzeStack(resourcePolicySecureTransport, [bucket, ...policies])).violations).toEqual([
      expect.stringMatching(message),
    ]);
  });
  test("non-compliant: a queue and a file system without policies, a policy for another bucket", async () => {
    const other = resource("aws:s3/bucket:Bucket", "other", {});
    const bp = resource("aws:s3/bucketPolicy:BucketPolicy", "p", { policy: doc(deny("s3:*")) }, { bucket: [other] });
    const o = outcome(
      await analyzeStack(resourcePolicySecureTransport, [
        bucket,
        other,
        bp,
        resource("aws:sqs/queue:Queue", "q", {}),
        resource("aws:efs/fileSystem:FileSystem", "f", {}),
      ]),
    );
    expect(o.violations).toEqual([
      expect.stringMatching(/S3 bucket docs/),
      expect.stringMatching(/SQS queue q/),
      expect.stringMatching(/EFS file system f/),
    ]);
  });
  test("advisory: a SecureTransport deny without a TlsVersion floor", async () => {
    const bp = resource("aws:s3/bucketPolicy:BucketPolicy", "p", { policy: doc(deny("s3:*")) }, { bucket: [bucket] });
    expect(outcome(await analyzeStack(s3TlsVersion, [bucket, bp])).violations).toEqual([
      expect.stringMatching(/s3:TlsVersion below 1.2/),
    ]);
  });
  test("not applicable: no stores", async () => {
    expect(outcome(await analyzeStack(resourcePolicySecureTransport, [])).notApplicable).toBe(true);
    expect(outcome(await analyzeStack(s3TlsVersion, [])).notApplicable).toBe(true);
  });
  test("unknown at preview: a policy document built from unknown ARNs", async () => {
    const bp = resource("aws:s3/bucketPolicy:BucketPolicy", "p", { policy: UNKNOWN }, { bucket: [bucket] });
    const o = outcome(
      await analyzeStack(resourcePolicySecureTransport, [bucket, bp, resource("aws:sqs/queue:Queue", "q", {})]),
    );
    expect(o.violations).toEqual([expect.stringMatching(/SQS queue q/)]);
    expect(o.unknownAtPreview).toBe(true);
  });
  test("wrong shapes never throw", async () => {
    const bp = resource(
      "aws:s3/bucketPolicy:BucketPolicy",
      "p",
      { policy: { Statement: [null, 3, { Effect: 5 }] } as never },
      { bucket: [bucket] },
    );
    expect(outcome(await analyzeStack(resourcePolicySecureTransport, [bucket, bp])).violations).toHaveLength(1);
  });
});
