import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLI, fixture, runCli, runJson } from "../harness/cli";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe("ephi-guard report", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ephi-guard-report-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const config = path.join(dir, "policy.json");
  const entry = {
    justification: "Scratch space for de-identified extracts.",
    compensatingControls: ["no ePHI written"],
    riskAcceptedBy: "Security Officer",
  };
  fs.writeFileSync(
    config,
    JSON.stringify({
      "encryption-alternative-measures": {
        exemptions: [
          {
            ...entry,
            id: "EX-DB-TLS",
            policy: "rds-tls-enforced",
            resource: "records",
            approvedOn: day(-60),
            reviewBy: day(12),
          },
          {
            ...entry,
            id: "EX-SCRATCH",
            policy: "ebs-volume-encryption-cmk",
            resource: "scratch",
            approvedOn: day(-10),
            reviewBy: day(200),
          },
        ],
      },
    }),
  );
  const out = path.join(dir, "evidence");
  const run = runCli(
    ["report", "--cwd", fixture("report-clinic"), "--stack", "dev", "--policy-pack-config", config, "--out", out],
    {
      env: { SOURCE_DATE_EPOCH: String(Math.floor(Date.now() / 1000)) },
    },
  );
  const read = (f: string) => fs.readFileSync(path.join(out, f), "utf8");

  test("prints the preview and where the evidence went, and exits with the preview's code", () => {
    expect(run.stderr).not.toMatch(/ephi-guard: /);
    const e = JSON.parse(read("evidence.json"));
    expect(run.code).toBe(e.summary.exitCode);
    expect(run.stdout).toMatch(e.summary.passed ? /Passed: no mandatory violations/ : /FAILED: \d+ mandatory/);
    expect(run.stdout).toContain(
      `Evidence: ${path.join(out, "evidence.json")}, ${path.join(out, "evidence.md")}, ${path.join(out, "evidence.html")}`,
    );
  });

  test("the evidence covers the stack: header, inventory, keys, TLS baseline and exemptions due soon", () => {
    const e = JSON.parse(read("evidence.json"));
    expect(e).toMatchObject({
      project: "report-clinic",
      stack: "dev",
      policyPack: { name: "ephi-guard" },
      mode: "preview",
    });
    expect(e.gitCommit).toBe(execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim());
    expect(
      e.inventory.map((i: { name: string; encryption: string; key: { kind: string } }) => [
        i.name,
        i.encryption,
        i.key.kind,
      ]),
    ).toEqual([
      ["scratch", "not-encrypted", "none"],
      ["records", "encrypted", "customer-managed"],
      ["documents", "encrypted", "customer-managed"],
    ]);
    expect(e.inventory.map((i: { status: string }) => i.status)).toEqual(["exempt", "exempt", expect.any(String)]);
    const keys = e.keyHierarchy[0].environments[0].keys.map((k: { alias: string; resources: string[] }) => [
      k.alias,
      k.resources.length,
    ]);
    expect(keys).toEqual([
      ["alias/acme/dev/backup", 0],
      ["alias/acme/dev/data", 1],
      ["alias/acme/dev/database", 1],
    ]);
    expect(e.tlsBaseline).toMatchObject([
      { name: "portal-https", protocol: "HTTPS", port: "443", tlsPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
    ]);
    expect(e.exemptions.map((x: { id: string; dueSoon: boolean }) => [x.id, x.dueSoon])).toEqual([
      ["EX-DB-TLS", true],
      ["EX-SCRATCH", false],
    ]);
    expect(e.summary).toMatchObject({ exemptions: 2, exemptionsDueSoon: 1 });
    expect(read("evidence.md")).toMatch(
      /EX-DB-TLS \| `rds-tls-enforced` \| records \| \d{4}-\d{2}-\d{2} \| DUE in 12 days \|/,
    );
  });

  test("SHA256SUMS verifies the three files", () => {
    expect(execFileSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: out, encoding: "utf8" })).toBe(
      "evidence.json: OK\nevidence.md: OK\nevidence.html: OK\n",
    );
  });

  test("preview --report keeps --json on stdout and notes the evidence on stderr; scan --report works on an export", () => {
    const exported = path.join(dir, "export.json");
    const p = runJson([
      "preview",
      "--cwd",
      fixture("report-clinic"),
      "--stack",
      "dev",
      "--update",
      "--export",
      exported,
      "--report",
      path.join(dir, "p"),
    ]);
    expect(p.doc.stack).toBe("dev");
    expect(p.stderr).toContain(`Evidence: ${path.join(dir, "p", "evidence.json")}`);
    const s = runCli(["scan", exported, "--cwd", fixture("report-clinic"), "--report", path.join(dir, "s")]);
    expect(s.code).toBe(1); // without the register the unencrypted volume is a mandatory violation
    const e = JSON.parse(fs.readFileSync(path.join(dir, "s", "evidence.json"), "utf8"));
    expect(e.mode).toBe("scan");
    expect(e.inventory).toHaveLength(3);
  });

  test("report --help documents the options; a bad flag exits 2 without a stack trace", () => {
    const help = runCli(["report", "--help"]);
    expect([help.code, help.stdout]).toEqual([
      0,
      expect.stringContaining("ephi-guard report [--stack NAME] [--out DIR]"),
    ]);
    const bad = runCli(["report", "--nope"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^ephi-guard: report: Unknown option '--nope'/);
    expect(bad.stderr).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(CLI)).toBe(true);
  });
});
