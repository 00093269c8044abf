import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv from "ajv";
import { buildEvidence, Evidence, readPath, REVIEW_WINDOW_DAYS } from "../../engine/src/commands/evidence";
import {
  gitCommit,
  keyHierarchySvg,
  MD_ROW_LIMIT,
  renderHtml,
  renderMarkdown,
  reportTime,
  sha256,
  writeEvidence,
} from "../../engine/src/commands/report";
import { UserError } from "../../engine/src/errors";
import type { Violation } from "../../engine/src/evaluate";
import type { RunDocument } from "../../engine/src/report";
import { defaultOptions, EngineResource } from "../../engine/src/resources";
import { secret, UNKNOWN, WireObject } from "../../engine/src/wire";

const NOW = new Date("2026-06-01T12:00:00Z");
const urn = (type: string, name: string) => `urn:pulumi:dev::clinic::${type}::${name}`;

function res(
  type: string,
  name: string,
  inputs: WireObject,
  deps: Record<string, EngineResource[]> = {},
): EngineResource {
  return {
    urn: urn(type, name),
    type,
    name,
    custom: true,
    id: "",
    parent: "",
    provider: "",
    dependencies: Object.values(deps)
      .flat()
      .map((d) => d.urn),
    propertyDependencies: Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, v.map((d) => d.urn)])),
    options: defaultOptions(),
    inputs,
    outputs: inputs,
  };
}

function violation(policyName: string, resourceUrn: string, over: Partial<Violation> = {}): Violation {
  return {
    policyPackName: "ephi-guard",
    policyPackVersion: "0.1.0",
    policyName,
    category: "at-rest",
    enforcementLevel: "mandatory",
    severity: "high",
    resourceUrn,
    message: `${policyName} says no`,
    hipaa: ["164.312(a)(2)(iv)"],
    phase: "analyzeStack",
    ...over,
  };
}

const POLICIES: RunDocument["policyPack"]["policies"] = [
  {
    name: "s3-encryption-at-rest-cmk",
    category: "at-rest",
    hipaa: ["164.312(a)(2)(iv)"],
    enforcementLevel: "mandatory",
    description: "S3 CMK",
  },
  {
    name: "lb-listener-tls",
    category: "in-transit",
    hipaa: ["164.312(e)(2)(ii)"],
    enforcementLevel: "mandatory",
    description: "TLS",
  },
  {
    name: "encryption-alternative-measures",
    category: "exemption",
    hipaa: ["164.308(a)(1)(ii)", "164.316(b)(1)"],
    enforcementLevel: "advisory",
    description: "exemptions",
  },
];

function doc(resources: EngineResource[], violations: Violation[]): RunDocument {
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
  return {
    version: 1,
    tool: { name: "ephi-guard", version: "0.1.0" },
    mode: "preview",
    project: "clinic",
    stack: "acme-dev",
    policyPack: { name: "ephi-guard", version: "0.1.0", policies: POLICIES },
    resources: resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      custom: r.custom,
      parent: r.parent,
      provider: r.provider,
      id: r.id,
    })),
    violations,
    summary: {
      resources: resources.length,
      byType: {},
      mandatory,
      advisory: violations.length - mandatory,
      remediated: 0,
      passed: mandatory === 0,
      exitCode: mandatory ? 1 : 0,
    },
    timings: { packStartMs: 1, analyzeMs: 1, analyzeStackMs: 1, totalMs: 3 },
  };
}

const tags = (purpose: string) => ({ tenant: "acme", environment: "dev", purpose, "data-classification": "ePHI" });
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";

/** A tenant key with alias, a bucket encrypted with it (key ARN unknown at preview), an RDS instance and a listener. */
function clinic() {
  const key = res("aws:kms/key:Key", "acme-dev-data-key", {
    enableKeyRotation: true,
    rotationPeriodInDays: 180,
    tags: tags("data"),
  });
  const alias = res(
    "aws:kms/alias:Alias",
    "acme-dev-data-alias",
    { name: "alias/acme/dev/data", targetKeyId: UNKNOWN },
    { targetKeyId: [key] },
  );
  const bucket = res("aws:s3/bucket:Bucket", "docs", { tags: tags("docs") });
  const sse = res(
    SSE,
    "docs-sse",
    {
      bucket: UNKNOWN,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN } }],
    },
    { bucket: [bucket], rules: [key] },
  );
  const policy = res(
    "aws:s3/bucketPolicy:BucketPolicy",
    "docs-policy",
    { bucket: UNKNOWN, policy: '{"Condition":{"Bool":{"aws:SecureTransport":"false"}}}' },
    { bucket: [bucket] },
  );
  const db = res("aws:rds/instance:Instance", "records", { storageEncrypted: false });
  const https = res("aws:lb/listener:Listener", "web-https", { protocol: "HTTPS", port: 443 });
  const http = res("aws:lb/listener:Listener", "web-http", { protocol: "HTTP", port: 80 });
  return { key, alias, bucket, sse, policy, db, https, http, all: [key, alias, bucket, sse, policy, db, https, http] };
}

const evidenceOf = (resources: EngineResource[], violations: Violation[] = []) =>
  buildEvidence(doc(resources, violations), resources, { gitCommit: "a".repeat(40), now: NOW });

describe("evidence model", () => {
  test("a bucket's key comes from its encryption configuration's dependency when the ARN is unknown at preview", () => {
    const c = clinic();
    const e = evidenceOf(c.all);
    const docs = e.inventory.find((i) => i.name === "docs")!;
    expect(docs).toMatchObject({
      encryption: "encrypted",
      algorithm: "aws:kms",
      key: { kind: "customer-managed", urn: c.key.urn },
      tls: "TLS required by bucket policy",
      status: "pass",
    });
    expect(e.keyHierarchy).toEqual([
      {
        tenant: "acme",
        environments: [
          {
            environment: "dev",
            keys: [
              {
                urn: c.key.urn,
                name: c.key.name,
                purpose: "data",
                alias: "alias/acme/dev/data",
                rotation: "every 180 days",
                resources: [c.bucket.urn],
              },
            ],
          },
        ],
      },
    ]);
  });

  test("unencrypted, AWS-managed, literal customer keys and service defaults are told apart", () => {
    const key = res("aws:kms/key:Key", "k", { tags: tags("database") });
    key.outputs = { ...key.inputs, arn: "arn:aws:kms:us-east-1:111122223333:key/k" };
    const rs = [
      key,
      res("aws:rds/instance:Instance", "plain", { storageEncrypted: false }),
      res("aws:rds/instance:Instance", "managed", { storageEncrypted: true, kmsKeyId: "alias/aws/rds" }),
      res("aws:rds/instance:Instance", "cmk", {
        storageEncrypted: true,
        kmsKeyId: secret("arn:aws:kms:us-east-1:111122223333:key/k"),
      }),
      res("aws:rds/instance:Instance", "external", {
        storageEncrypted: true,
        kmsKeyId: "arn:aws:kms:us-east-1:999999999999:key/x",
      }),
      res("aws:sqs/queue:Queue", "default", {}),
      res("aws:sns/topic:Topic", "topic", { kmsMasterKeyId: "alias/aws/sns" }),
      res("aws:redshift/cluster:Cluster", "warehouse", { encrypted: "false" }),
      res("aws:ebs/volume:Volume", "pending", { encrypted: UNKNOWN }),
    ];
    const by = Object.fromEntries(evidenceOf(rs).inventory.map((i) => [i.name, [i.encryption, i.key.kind, i.key.urn]]));
    expect(by).toEqual({
      plain: ["not-encrypted", "none", undefined],
      managed: ["encrypted", "aws-managed", undefined],
      cmk: ["encrypted", "customer-managed", key.urn],
      external: ["encrypted", "external", undefined],
      default: ["service-default", "service-default", undefined],
      topic: ["encrypted", "aws-managed", undefined],
      warehouse: ["not-encrypted", "none", undefined],
      pending: ["unknown-at-preview", "unknown", undefined],
    });
    const outside = evidenceOf(rs).keyHierarchy.find((t) => t.tenant === "(outside this stack)")!;
    expect(outside.environments.map((x) => x.environment)).toEqual(["aws-managed", "service-default", "external"]);
  });

  test("a resource an at-rest policy flags is listed even when the report has no facts for its type", () => {
    const graph = res("aws:example/graph:Graph", "graph", { tags: tags("graph") });
    const tagged = res("aws:ec2/subnet:Subnet", "subnet", { tags: tags("network") });
    const e = evidenceOf([graph, tagged], [violation("graph-encryption", graph.urn)]);
    expect(e.inventory).toMatchObject([
      { name: "graph", encryption: "not-assessed", service: "(flagged by policy)", status: "fail" },
    ]);
  });

  test("wrong-shaped properties never throw", () => {
    for (const inputs of [
      { rules: "x" },
      { rules: [null] },
      { rules: [{ applyServerSideEncryptionByDefault: 3 }] },
      { tags: ["ePHI"] },
      { storageEncrypted: { a: 1 } },
    ] as WireObject[]) {
      const rs = [
        res("aws:s3/bucket:Bucket", "b", inputs),
        res(SSE, "s", inputs),
        res("aws:rds/instance:Instance", "d", inputs),
        res("aws:lb/listener:Listener", "l", inputs),
      ];
      rs[1].propertyDependencies = { bucket: [rs[0].urn] };
      expect(() => evidenceOf(rs)).not.toThrow();
    }
    expect(readPath({ a: [{ b: 1 }] }, "a.0.b")).toEqual({ state: "known", value: 1 });
    expect(readPath({ a: "s" }, "a.b")).toEqual({ state: "unset" });
    expect(readPath({ a: UNKNOWN }, "a.b")).toEqual({ state: "unknown" });
  });

  test("the TLS baseline lists every listener with its protocol, port and policy, and its violations", () => {
    const c = clinic();
    const e = evidenceOf(c.all, [
      violation("lb-listener-tls", c.http.urn, { category: "in-transit", hipaa: ["164.312(e)(2)(ii)"] }),
    ]);
    expect(e.tlsBaseline.map((t) => [t.name, t.protocol, t.port, t.tlsPolicy, t.status])).toEqual([
      ["web-http", "HTTP", "80", "none (no TLS)", "fail"],
      ["web-https", "HTTPS", "443", "AWS default", "pass"],
    ]);
  });

  test("matrices by HIPAA citation and by policy count each policy's violations", () => {
    const c = clinic();
    const e = evidenceOf(c.all, [
      violation("s3-encryption-at-rest-cmk", c.bucket.urn),
      violation("lb-listener-tls", c.http.urn, { enforcementLevel: "advisory" }),
    ]);
    expect(e.hipaaMatrix.map((h) => [h.citation, h.status, h.mandatory, h.advisory])).toEqual([
      ["164.308(a)(1)(ii)", "pass", 0, 0],
      ["164.312(a)(2)(iv)", "fail", 1, 0],
      ["164.312(e)(2)(ii)", "warn", 0, 1],
      ["164.316(b)(1)", "pass", 0, 0],
    ]);
    expect(e.policyMatrix.map((p) => [p.name, p.status])).toEqual([
      ["s3-encryption-at-rest-cmk", "fail"],
      ["lb-listener-tls", "warn"],
      ["encryption-alternative-measures", "pass"],
    ]);
    expect(e.inventory.find((i) => i.name === "docs")!.status).toBe("fail");
  });

  test("exemptions in force carry their review date; those due within 30 days or overdue are flagged", () => {
    const c = clinic();
    const exempt = (id: string, target: EngineResource, date: string) =>
      violation("encryption-alternative-measures", target.urn, {
        category: "exemption",
        enforcementLevel: "advisory",
        message: `exemption ${id} exempts this resource from s3-encryption-at-rest-cmk until ${date}: legacy import. Risk accepted by CISO on 2026-01-02.`,
      });
    const e = evidenceOf(c.all, [
      exempt("EX-SOON", c.db, "2026-06-21"),
      exempt("EX-EDGE", c.bucket, "2026-07-01"),
      exempt("EX-LATER", c.https, "2026-07-02"),
      exempt("EX-PAST", c.http, "2026-05-30"),
      // the register's own error is no exemption in force
      violation("exemption-register-valid", "", {
        category: "exemption",
        message: "exemption EX-X (p, r) exempts nothing: expired, its review was due on 2026-01-01",
      }),
    ]);
    expect(REVIEW_WINDOW_DAYS).toBe(30);
    expect(
      e.exemptions.map((x) => [x.id, x.exemptedPolicy, x.reviewDate, x.daysUntilReview, x.dueSoon, x.overdue]),
    ).toEqual([
      ["EX-PAST", "s3-encryption-at-rest-cmk", "2026-05-30", -2, false, true],
      ["EX-SOON", "s3-encryption-at-rest-cmk", "2026-06-21", 20, true, false],
      ["EX-EDGE", "s3-encryption-at-rest-cmk", "2026-07-01", 30, true, false],
      ["EX-LATER", "s3-encryption-at-rest-cmk", "2026-07-02", 31, false, false],
    ]);
    expect(e.summary).toMatchObject({ exemptions: 4, exemptionsDueSoon: 3, mandatory: 1 });
    expect(e.inventory.find((i) => i.name === "records")!.status).toBe("exempt");
    const md = renderMarkdown(e, "d".repeat(64));
    expect(md).toMatch(/EX-SOON .*\| DUE in 20 days \|/);
    expect(md).toMatch(/EX-PAST .*\| OVERDUE by 2 days \|/);
    expect(md).toMatch(/EX-LATER .*\| in 31 days \|/);
    expect(renderHtml(e, "d".repeat(64))).toMatch(/<tr class="due"><td>EX-SOON<\/td>/);
  });
});

describe("evidence files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ephi-guard-report-unit-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const c = clinic();
  const e = evidenceOf(c.all, [violation("s3-encryption-at-rest-cmk", c.bucket.urn)]);

  test("every section is present in the Markdown and the HTML", () => {
    const md = renderMarkdown(e, "d".repeat(64));
    for (const h of [
      "## ephi-guard evidence: clinic/acme-dev FAILED",
      "### By HIPAA citation",
      "### By policy",
      "### ePHI resources",
      "### TLS baseline",
      "### Exemptions",
      "### Violations",
    ]) {
      expect(md).toContain(h);
    }
    expect(md).toContain(`commit \`${"a".repeat(40)}\``);
    const html = renderHtml(e, "d".repeat(64));
    for (const id of [
      "header",
      "hipaa-matrix",
      "policy-matrix",
      "inventory",
      "key-hierarchy-diagram",
      "tls-baseline",
      "exemptions",
      "violations",
      "json-digest",
    ]) {
      expect(html).toContain(`id="${id}"`);
    }
    for (const s of ["clinic/acme-dev", "a".repeat(40), "ephi-guard@0.1.0", NOW.toISOString(), "d".repeat(64)])
      expect(html).toContain(s);
  });

  test("the HTML needs no network: no src, href or url(), a CSP that forbids fetching, and escaped names", () => {
    const evil = res("aws:s3/bucket:Bucket", `<img src="https://x.example/a.png">`, {});
    const html = renderHtml(evidenceOf([...c.all, evil]), "d".repeat(64));
    expect(html).not.toMatch(/<[^>]*\s(src|href)=|url\(|@import/i);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
    expect(html).toContain("&#60;img src=&#34;https://x.example/a.png&#34;&#62;");
  });

  test("the key hierarchy diagram draws tenant, environment, key and each resource using it", () => {
    const svg = keyHierarchySvg(e);
    expect(svg.match(/class="node (\w+)/g)).toEqual([
      'class="node resource',
      'class="node key',
      'class="node env',
      'class="node tenant',
    ]);
    expect(svg).toContain("alias/acme/dev/data · acme-dev-data-key");
    expect(keyHierarchySvg(evidenceOf([]))).toContain("No KMS keys");
  });

  test("the digest is verifiable: md and html carry evidence.json's SHA-256, SHA256SUMS covers all three", () => {
    const w = writeEvidence(path.join(dir, "out"), e);
    const json = fs.readFileSync(w.files["evidence.json"]);
    const digest = sha256(json);
    expect(fs.readFileSync(w.files["evidence.md"], "utf8")).toContain(digest);
    expect(fs.readFileSync(w.files["evidence.html"], "utf8")).toContain(
      `<span class="mono" id="json-digest">${digest}</span>`,
    );
    expect(execFileSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: w.dir, encoding: "utf8" })).toBe(
      "evidence.json: OK\nevidence.md: OK\nevidence.html: OK\n",
    );
    fs.appendFileSync(w.files["evidence.json"], " ");
    expect(() => execFileSync("sha256sum", ["--quiet", "-c", "SHA256SUMS"], { cwd: w.dir, stdio: "pipe" })).toThrow();
  });

  test("evidence.json follows docs/evidence.schema.json", () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "..", "docs", "evidence.schema.json"), "utf8"),
    );
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile<Evidence>(schema);
    expect([validate(JSON.parse(JSON.stringify(e))), validate.errors]).toEqual([true, null]);
    expect(validate({ ...e, summary: { ...e.summary, passed: "yes" } })).toBe(false);
  });

  test("Markdown tables are cut at the row limit with a note, so thousands of violations stay far under 1 MiB", () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      violation("s3-encryption-at-rest-cmk", urn("aws:s3/bucket:Bucket", `b${i}`), { message: "x".repeat(2000) }),
    );
    const md = renderMarkdown(evidenceOf(c.all, many), "d".repeat(64));
    expect(md).toContain(`_${5000 - MD_ROW_LIMIT} more violations not shown; see evidence.html or evidence.json._`);
    expect(Buffer.byteLength(md)).toBeLessThan(64 * 1024);
  });

  test("the clock honours SOURCE_DATE_EPOCH and the commit is 'unknown' outside git", () => {
    expect(reportTime({ SOURCE_DATE_EPOCH: "1780000000" }).toISOString()).toBe("2026-05-28T20:26:40.000Z");
    expect(() => reportTime({ SOURCE_DATE_EPOCH: "yesterday" })).toThrow(UserError);
    expect(gitCommit(dir)).toBe("unknown");
    expect(gitCommit(path.join(__dirname, ".."))).toMatch(/^[0-9a-f]{40}$/);
  });
});
