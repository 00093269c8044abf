import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fixture, REPO, runJson } from "../harness/cli";

interface Violation {
  policyName: string;
  resourceUrn: string;
  enforcementLevel: string;
  category: string;
  hipaa: string[];
  message: string;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ephi-guard-in-transit-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const configFile = (name: string, config: object) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
};
const preview = (name: string, extra: string[] = []) =>
  runJson(["preview", "--cwd", fixture(name), "--stack", "dev", ...extra]);
const mandatory = (vs: Violation[]) => vs.filter((v) => v.enforcementLevel === "mandatory");

beforeAll(() => {
  const build = spawnSync("npm", ["run", "build", "--silent"], { cwd: REPO, encoding: "utf8" });
  expect(build.status).toBe(0);
});

describe("in-transit: a program with an insecure instance of every covered resource", () => {
  let run: ReturnType<typeof runJson>;
  beforeAll(() => {
    run = preview("in-transit-insecure");
  });

  test("exits 1 with a mandatory in-transit violation on each insecure resource", () => {
    expect(run.code).toBe(1);
    expect(run.doc.summary.exitCode).toBe(1);
    const blocked = new Map<string, Set<string>>();
    for (const v of mandatory(run.doc.violations).filter((x) => x.category === "in-transit")) {
      expect(v.hipaa).toContain("164.312(e)(2)(ii)");
      const name = v.resourceUrn.split("::").pop()!;
      blocked.set(name, (blocked.get(name) ?? new Set()).add(v.policyName));
    }
    const expected: Record<string, string> = {
      "weak-listener": "lb-listener-tls",
      "plain-targets": "lb-target-plaintext",
      cdn: "cloudfront-tls",
      "api-domain": "apigateway-domain-tls",
      search: "opensearch-tls",
      cache: "elasticache-transit-encryption",
      memdb: "memorydb-tls",
      kafka: "msk-tls",
      "records-db": "rds-tls-enforced",
      "records-proxy": "rds-proxy-tls",
      "dms-source": "dms-endpoint-tls",
      warehouse: "redshift-require-ssl",
      "documents-db": "documentdb-tls",
      graph: "neptune-tls",
      "open-bucket": "resource-policy-deny-insecure-transport",
      "open-queue": "resource-policy-deny-insecure-transport",
      "open-topic": "resource-policy-deny-insecure-transport",
      "open-share": "resource-policy-deny-insecure-transport",
      mail: "ses-tls-required",
      sftp: "transfer-server-tls",
      site: "vpn-connection-ike",
      "legacy-cert": "acm-certificate-key",
      classic: "elb-classic-tls",
      "remote-access": "client-vpn-tls",
      iot: "iot-domain-tls",
      backend: "apigateway-stage-client-certificate",
      "rest-prod": "apigateway-stage-client-certificate",
    };
    const found = Object.fromEntries(
      Object.keys(expected).map((r) => [r, blocked.get(r)?.has(expected[r]) ? expected[r] : "NOT BLOCKED"]),
    );
    expect(found).toEqual(expected);
  });

  test("the acceptable TLSv1.2 origin entry gets the prefer-strong advisory, not a violation", () => {
    const advice = run.doc.violations.filter((v: Violation) => v.policyName === "tls-prefer-strong");
    expect(advice.map((v: Violation) => v.enforcementLevel)).toEqual(["advisory"]);
  });
});

describe("in-transit: the same resources configured securely", () => {
  let run: ReturnType<typeof runJson>;
  beforeAll(() => {
    run = preview("in-transit-secure");
  });

  test("no mandatory in-transit violation (TLS 1.3 ALB with HTTPS targets and an HTTP->HTTPS redirect included)", () => {
    expect(mandatory(run.doc.violations).filter((v) => v.category === "in-transit")).toEqual([]);
  });

  test("exits 0 when only the in-transit policies are enforced", () => {
    // other categories' rules (at rest, keys) judge this fixture too; they are not what it exercises
    const others = run.doc.policyPack.policies
      .filter((p: { category: string }) => p.category !== "in-transit")
      .map((p: { name: string }) => [p.name, "disabled"]);
    const r = preview("in-transit-secure", [
      "--policy-pack-config",
      configFile("only-in-transit.json", Object.fromEntries(others)),
    ]);
    expect(mandatory(r.doc.violations)).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.doc.summary.exitCode).toBe(0);
  });

  test("the acceptable listener passes the default floor with an advisory and fails tlsFloor strong", () => {
    const advice = run.doc.violations.filter((v: Violation) => v.policyName === "tls-prefer-strong");
    expect(advice.map((v: Violation) => [v.enforcementLevel, v.resourceUrn.split("::").pop()])).toEqual(
      expect.arrayContaining([["advisory", "partner-https"]]),
    );
    const strong = preview("in-transit-secure", [
      "--policy-pack-config",
      configFile("strong.json", {
        "lb-listener-tls": { tlsFloor: "strong" },
        "cloudfront-tls": { tlsFloor: "strong" },
      }),
    ]);
    const inTransit = mandatory(strong.doc.violations).filter((v) => v.category === "in-transit");
    // the CloudFront origin's TLSv1.2 is the best AWS offers there, so only the listener fails
    expect(inTransit.map((v) => [v.policyName, v.resourceUrn.split("::").pop()])).toEqual([
      ["lb-listener-tls", "partner-https"],
    ]);
    expect(inTransit[0].message).toMatch(/TLS13-1-2-2021-06 is acceptable .*the floor is strong/);
    expect(strong.code).toBe(1);
  });

  test("a listener named in partnerListeners must verify client certificates (mTLS)", () => {
    const r = preview("in-transit-secure", [
      "--policy-pack-config",
      configFile("partners.json", { "lb-listener-mtls": { partnerListeners: ["partner-https"] } }),
    ]);
    const mtls = mandatory(r.doc.violations).filter((v) => v.policyName === "lb-listener-mtls");
    expect(mtls.map((v) => [v.resourceUrn.split("::").pop(), v.message.split("\n").pop()])).toEqual([
      ["partner-https", expect.stringMatching(/mode "verify"/)],
    ]);
  });
});
