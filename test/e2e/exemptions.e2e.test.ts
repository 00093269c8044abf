import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fixture, runJson } from "../harness/cli";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const base = {
  policy: "s3-encryption-at-rest-cmk",
  justification: "Legacy import bucket; holds de-identified data only until migration.",
  compensatingControls: ["object-level encryption by the importer", "no principals outside the import role"],
  riskAcceptedBy: "Security Officer",
};

describe("the exemption register", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ephi-guard-exempt-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const config = path.join(dir, "policy.json");
  fs.writeFileSync(
    config,
    JSON.stringify({
      "encryption-alternative-measures": {
        exemptions: [
          { ...base, id: "EX-IN-FORCE", resource: "unencrypted", approvedOn: day(-30), reviewBy: day(20) },
          { ...base, id: "EX-EXPIRED", resource: "sse-s3", approvedOn: day(-200), reviewBy: day(-1) },
          { id: "EX-INCOMPLETE", policy: "lb-listener-tls", resource: "weak-tls" },
        ],
      },
    }),
  );
  const run = runJson([
    "preview",
    "--cwd",
    fixture("foundation-insecure"),
    "--stack",
    "dev",
    "--policy-pack-config",
    config,
  ]);
  const violations: {
    policyName: string;
    resourceUrn: string;
    enforcementLevel: string;
    message: string;
    category: string;
  }[] = run.doc.violations;
  const on = (name: string) => violations.filter((v) => v.resourceUrn.endsWith(`::${name}`));

  test("an exemption in force drops the mandatory violation and is listed as an advisory", () => {
    expect(on("unencrypted").filter((v) => v.policyName === "s3-encryption-at-rest-cmk")).toEqual([]);
    const listed = on("unencrypted").find((v) => v.policyName === "encryption-alternative-measures");
    expect(listed).toMatchObject({ enforcementLevel: "advisory", category: "exemption" });
    expect(listed!.message).toMatch(
      /EX-IN-FORCE exempts this resource from s3-encryption-at-rest-cmk until .* \(review due in 20 days\)/,
    );
  });

  test("an expired exemption leaves the violation standing and says why", () => {
    const v = on("sse-s3").find((x) => x.policyName === "s3-encryption-at-rest-cmk");
    expect(v).toMatchObject({ enforcementLevel: "mandatory" });
    expect(v!.message).toMatch(/exemption EX-EXPIRED does not apply: its review was due on/);
  });

  test("expired and incomplete entries are mandatory violations of the register", () => {
    const register = violations.filter((v) => v.policyName === "exemption-register-valid").map((v) => v.message);
    expect(register).toEqual([
      expect.stringMatching(/EX-EXPIRED .* exempts nothing: expired/),
      expect.stringMatching(
        /EX-INCOMPLETE .* exempts nothing: invalid, incomplete: missing justification, compensatingControls/,
      ),
    ]);
    expect(on("weak-tls").find((v) => v.policyName === "lb-listener-tls")?.enforcementLevel).toBe("mandatory");
    expect(run.code).toBe(1);
  });
});
