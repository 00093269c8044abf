import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expectCleanFailure, fixture, REPO, runCli, runJson } from "../harness/cli";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ephi-guard-e2e-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, content: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
};
/** What a violation is, independent of the run that found it. */
const key = (v: { policyName: string; resourceUrn: string; message: string; enforcementLevel: string }) =>
  `${v.enforcementLevel} ${v.policyName} ${v.resourceUrn} ${v.message}`;

describe("ephi-guard preview of the demo clinic", () => {
  const run = runJson(["preview", "--stack", "demo-dev"]);

  test("passes with exit 0 and the documented JSON document", () => {
    expect(run.code).toBe(0);
    expect(run.leftovers).toEqual([]);
    const { doc } = run;
    expect(doc.version).toBe(1);
    expect(doc.mode).toBe("preview");
    expect(doc.summary).toMatchObject({ mandatory: 0, passed: true, exitCode: 0 });
    expect(doc.violations.filter((v: { enforcementLevel: string }) => v.enforcementLevel === "mandatory")).toEqual([]);
    for (const r of doc.resources) expect(Object.keys(r)).toEqual(expect.arrayContaining(["urn", "type", "name"]));
    expect(doc.policyPack).toMatchObject({ name: "ephi-guard", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    for (const p of doc.policyPack.policies) {
      expect(["at-rest", "in-transit", "key-management", "backup", "audit", "exemption"]).toContain(p.category);
      expect(p.hipaa.length).toBeGreaterThan(0);
    }
  });

  test("captures the Stack, a synthesized default provider and engine-form URNs", () => {
    const types = run.doc.resources.map((r: { type: string }) => r.type);
    expect(types[0]).toBe("pulumi:pulumi:Stack");
    const provider = run.doc.resources.find((r: { type: string }) => r.type === "pulumi:providers:aws");
    expect(provider.urn).toMatch(/^urn:pulumi:demo-dev::ephi-clinic::pulumi:providers:aws::default_7_48_0$/);
    const bucket = run.doc.resources.find(
      (r: { type: string; urn: string }) => r.type === "aws:s3/bucket:Bucket" && r.urn.includes("EncryptedBucket$"),
    );
    // a component child keeps its parents' whole type chain; the root Stack type is left out
    expect(bucket.urn).toMatch(
      /^urn:pulumi:demo-dev::ephi-clinic::ephi:platform:ClinicPlatform\$ephi:s3:EncryptedBucket\$aws:s3\/bucket:Bucket::/,
    );
    const parent = run.doc.resources.find((r: { urn: string }) => r.urn === bucket.parent);
    expect(parent.type).toBe("ephi:s3:EncryptedBucket");
    expect(bucket.provider).toMatch(/^urn:pulumi:demo-dev::ephi-clinic::pulumi:providers:aws::default_7_48_0::/);
  });

  test("passes with update semantics too", () => {
    const r = runJson(["preview", "--stack", "demo-dev", "--update"]);
    expect(r.code).toBe(0);
    expect(r.doc.mode).toBe("update");
    expect(r.doc.resources.find((x: { type: string }) => x.type === "aws:kms/key:Key").id).not.toBe("");
  });

  test("prints a human summary with resources by type and a verdict", () => {
    const r = runCli(["preview", "--stack", "demo-dev"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Resources: \d+ to create/);
    expect(r.stdout).toMatch(/\d+ {2}aws:s3\/bucket:Bucket/);
    expect(r.stdout).toMatch(/Passed: no mandatory violations/);
  });
});

describe("ephi-guard preview of an insecure program", () => {
  const exportFile = path.join(tmp, "insecure-export.json");
  const run = runJson(["preview", "--cwd", fixture("foundation-insecure"), "--stack", "dev", "--export", exportFile]);
  const mandatory = () =>
    run.doc.violations.filter((v: { enforcementLevel: string }) => v.enforcementLevel === "mandatory");
  const urn = (type: string, name: string) => `urn:pulumi:dev::foundation-insecure::${type}::${name}`;

  test("exits 1 naming each policy and resource", () => {
    expect(run.code).toBe(1);
    expect(run.leftovers).toEqual([]);
    const found = mandatory().map(
      (v: { policyName: string; resourceUrn: string; hipaa: string[]; category: string }) => [
        v.policyName,
        v.resourceUrn,
        v.category,
        v.hipaa,
      ],
    );
    expect(found).toEqual(
      expect.arrayContaining([
        ["s3-encryption-at-rest-cmk", urn("aws:s3/bucket:Bucket", "sse-s3"), "at-rest", ["164.312(a)(2)(iv)"]],
        ["s3-encryption-at-rest-cmk", urn("aws:s3/bucket:Bucket", "unencrypted"), "at-rest", ["164.312(a)(2)(iv)"]],
        ["s3-encryption-at-rest-cmk", urn("aws:s3/bucket:Bucket", "aws-managed"), "at-rest", ["164.312(a)(2)(iv)"]],
        ["lb-listener-tls", urn("aws:lb/listener:Listener", "weak-tls"), "in-transit", ["164.312(e)(2)(ii)"]],
      ]),
    );
    expect(run.doc.summary).toMatchObject({ passed: false, exitCode: 1 });
  });

  test("writes a version 3 deployment whose scan reproduces the preview's violations", () => {
    const exported = JSON.parse(fs.readFileSync(exportFile, "utf8"));
    expect(exported.version).toBe(3);
    expect(exported.deployment.resources.length).toBe(run.doc.resources.length);
    const scan = runJson(["scan", exportFile]);
    expect(scan.code).toBe(1);
    expect(scan.doc.mode).toBe("scan");
    expect(scan.doc.violations.map(key).sort()).toEqual(run.doc.violations.map(key).sort());
  });

  test("scans a `pulumi preview --json` document with the same result", () => {
    const exported = JSON.parse(fs.readFileSync(exportFile, "utf8"));
    const previewJson = write(
      "preview.json",
      JSON.stringify({
        steps: exported.deployment.resources.map((r: { urn: string }) => ({ op: "create", urn: r.urn, newState: r })),
      }),
    );
    const scan = runJson(["scan", previewJson]);
    expect(scan.code).toBe(1);
    expect(scan.doc.violations.map(key).sort()).toEqual(run.doc.violations.map(key).sort());
  });

  test("a stricter tlsFloor from the policy config is applied", () => {
    const config = write("strong.json", JSON.stringify({ "lb-listener-tls": { tlsFloor: "strong" } }));
    const r = runJson([
      "preview",
      "--cwd",
      fixture("foundation-insecure"),
      "--stack",
      "dev",
      "--policy-pack-config",
      config,
    ]);
    expect(r.code).toBe(1);
    const listener = r.doc.violations.find((v: { policyName: string }) => v.policyName === "lb-listener-tls");
    expect(listener.message).toMatch(/the floor is strong/);
  });
});

describe("bad input exits 2 with a clear message and leaves no pack running", () => {
  test("unknown stack names the missing stack file", () => {
    expectCleanFailure(
      runCli(["preview", "--stack", "nope"]),
      /stacks\/Pulumi\.nope\.yaml: no such stack config.*demo-dev/,
    );
  });

  test("a folder without a Pulumi project", () => {
    expectCleanFailure(runCli(["preview", "--cwd", tmp]), /Pulumi\.yaml: no Pulumi project here/);
  });

  test("a malformed stack config names the file", () => {
    const dir = fs.mkdtempSync(path.join(tmp, "proj-"));
    fs.copyFileSync(path.join(fixture("foundation-insecure"), "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.mkdirSync(path.join(dir, "stacks"));
    fs.writeFileSync(path.join(dir, "stacks", "Pulumi.dev.yaml"), "config: [unclosed\n");
    expectCleanFailure(runCli(["preview", "--cwd", dir, "--stack", "dev"]), /Pulumi\.dev\.yaml: not valid YAML/);
  });

  test("malformed JSON for scan", () => {
    expectCleanFailure(
      runCli(["scan", write("bad.json", '{"version": 3, "deployment": ')]),
      /bad\.json: not valid JSON/,
    );
  });

  test("a wrong deployment version", () => {
    const file = write("v2.json", JSON.stringify({ version: 2, deployment: { resources: [] } }));
    expectCleanFailure(
      runCli(["scan", file]),
      /v2\.json: version: deployment version 2 is not supported \(expected 3\)/,
    );
  });

  test("a resource without a URN names its field", () => {
    const file = write(
      "nourn.json",
      JSON.stringify({ version: 3, deployment: { resources: [{ type: "aws:s3/bucket:Bucket" }] } }),
    );
    expectCleanFailure(runCli(["scan", file]), /nourn\.json: deployment\.resources\[0\]\.urn: required string/);
  });

  test("a missing scan file", () => {
    expectCleanFailure(runCli(["scan", path.join(tmp, "absent.json")]), /absent\.json: cannot read: ENOENT/);
  });

  test("a policy pack folder without PulumiPolicy.yaml", () => {
    expectCleanFailure(
      runCli(["preview", "--stack", "demo-dev", "--policy-pack", tmp]),
      /PulumiPolicy\.yaml: not found: .* is not a policy pack/,
    );
  });

  test("a policy config naming an unknown policy", () => {
    const config = write("typo.json", JSON.stringify({ "lb-listner-tls": "advisory" }));
    expectCleanFailure(
      runCli(["preview", "--stack", "demo-dev", "--policy-pack-config", config]),
      /typo\.json: lb-listner-tls: no such policy in pack ephi-guard/,
    );
  });

  test("a policy config value that fails the policy's configSchema", () => {
    const config = write("floor.json", JSON.stringify({ "lb-listener-tls": { tlsFloor: "weak" } }));
    expectCleanFailure(
      runCli(["preview", "--stack", "demo-dev", "--policy-pack-config", config]),
      /floor\.json: lb-listener-tls: invalid configuration: \/tlsFloor must be equal to one of the allowed values/,
    );
  });

  test("a program that throws", () => {
    expectCleanFailure(
      runCli(["preview", "--cwd", fixture("throwing-program"), "--stack", "dev"]),
      /program .*throwing-program failed under stack dev[\s\S]*Missing required configuration variable 'throwing-program:tenant'/,
    );
  });

  test("an unknown option and an unknown command", () => {
    expectCleanFailure(runCli(["preview", "--stak", "x"]), /preview: Unknown option '--stak'/);
    expectCleanFailure(runCli(["deploy"]), /unknown command 'deploy'/);
  });
});

test("--version prints the package version", () => {
  const r = runCli(["--version"]);
  expect(r.code).toBe(0);
  expect(r.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version);
});
